"""The elders' offers (some from outside any college) and the mentoring programmes belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
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
    apps.get_model("care", "offer").objects.filter(institution=None).update(institution=home)
    apps.get_model("care", "programme").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_elders_log_their_own_sessions"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="offer", name="institution", field=key("care_offers", null=True)),
        migrations.AddField(model_name="programme", name="institution", field=key("mentoring_programmes", null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
