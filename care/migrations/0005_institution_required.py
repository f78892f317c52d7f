"""Step three: every row has its school (0004 filled them), so the key is required."""

import django.db.models.deletion
from django.db import migrations, models


def key(related_name, null=False):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


class Migration(migrations.Migration):
    dependencies = [("care", "0004_institution")]

    operations = [
        migrations.AlterField(model_name="offer", name="institution", field=key("care_offers")),
        migrations.AlterField(model_name="programme", name="institution", field=key("mentoring_programmes")),
    ]
