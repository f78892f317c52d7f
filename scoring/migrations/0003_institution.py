"""A scheme belongs to a school (issue 27), steps one and two: the key is added, nullable, and every existing
scheme is given the home school (institutions/0003). 0004 makes it required."""

import django.db.models.deletion
from django.db import migrations, models

from institutions.migration_ops import check_keys_now


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    apps.get_model("scoring", "scheme").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_stored_file_base_and_evidence_events"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="institution",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="schemes",
                to="institutions.institution",
                verbose_name="school",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
