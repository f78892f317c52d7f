"""The committee's notices, meetings and training classes belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003). 0005 makes it required."""

import django.db.models.deletion
from django.db import migrations, models

from institutions.migration_ops import check_keys_now


def key(related_name, null=False):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    apps.get_model("committee", "notice").objects.filter(institution=None).update(institution=home)
    apps.get_model("committee", "meeting").objects.filter(institution=None).update(institution=home)
    apps.get_model("committee", "trainingclass").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0003_notice_to_colleges_and_units_together"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="notice", name="institution", field=key("committee_notices", null=True)),
        migrations.AddField(model_name="meeting", name="institution", field=key("committee_meetings", null=True)),
        migrations.AddField(model_name="trainingclass", name="institution", field=key("training_classes", null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
