"""The group robots (a college's and the committee office's) belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003). 0006 makes it required."""

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
    apps.get_model("notifications", "groupwebhook").objects.filter(institution=None).update(institution=home)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_redact_stored_errors"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="groupwebhook", name="institution", field=key("group_webhooks", null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
