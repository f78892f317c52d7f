"""The committee's history lines belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003), or the school of the row they tell about when it has one. 0009 makes it required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

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
    Event = apps.get_model("committee", "event")
    # An event names its row by model name and id: the row's school, along its keys (institutions.tenancy).
    paths = {
        "notice": "institution",
        "meeting": "institution",
        "trainingclass": "institution",
        "receipt": "notice__institution",
        "followuptask": "decision__meeting__institution",
        "trainingsession": "training__institution",
        "unitreport": "unit__institution",
    }
    for subject, path in paths.items():
        rows = apps.get_model("committee", subject).objects.filter(pk=OuterRef("object_id"))
        Event.objects.filter(subject=subject, institution=None).update(institution=Subquery(rows.values(path)[:1]))
    Event.objects.filter(institution=None).update(institution=home)  # a row since deleted: the home school's


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0007_settings_institution_required"),
        ("institutions", "0003_home_institution"),
        ("colleges", "0005_institution_required"),
    ]

    operations = [
        migrations.AddField(model_name="event", name="institution", field=key("committee_events")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
