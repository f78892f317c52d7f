"""The annual summary builds belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003). 0004 makes it required and one live build of a year and format per school."""

import django.db.models.deletion
from django.db import migrations, models

from institutions.migration_ops import check_keys_now


def key(related_name):
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    apps.get_model("dashboard", "annualexport").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_one_active_build"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="annualexport", name="institution", field=key("annual_exports")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
