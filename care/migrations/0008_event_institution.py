"""The care board's history lines belong to a school (issue 27), steps one and two: the key is added, nullable, and
every existing line is given the school of its need, pair or mentorship, else the home school (institutions/0003).
0009 makes it required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from institutions.migration_ops import check_keys_now


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    Event = apps.get_model("care", "careevent")
    for subject, path in (
        ("need", "college__institution"),
        ("pair", "offer__institution"),
        ("mentorship", "programme__institution"),
    ):
        rows = apps.get_model("care", subject).objects.filter(pk=OuterRef(f"{subject}_id"))
        Event.objects.filter(institution=None).exclude(**{subject: None}).update(
            institution=Subquery(rows.values(path)[:1])
        )
    Event.objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0007_settings_institution_required"),
        ("institutions", "0003_home_institution"),
        ("colleges", "0005_institution_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="careevent",
            name="institution",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="care_events",
                to="institutions.institution",
                verbose_name="school",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
