"""The care board's year settings (how long notes are kept …) and need categories belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003). 0007 makes it required and the names unique within a school."""

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
    apps.get_model("care", "careyear").objects.filter(institution=None).update(institution=home)
    apps.get_model("care", "needcategory").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_institution_required"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="careyear", name="institution", field=key("care_years")),
        migrations.AddField(model_name="needcategory", name="institution", field=key("need_categories")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
