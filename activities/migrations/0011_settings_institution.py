"""The activity kinds (a school's own list) belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003). 0012 makes it required and the names unique within a school."""

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
    apps.get_model("activities", "activitykind").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_report_export"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="activitykind", name="institution", field=key("activity_kinds")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
