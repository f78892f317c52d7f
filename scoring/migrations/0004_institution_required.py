"""Step three: every scheme has its school (0003 filled them), so the key is required and the year is unique
within a school instead of across the portal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_institution")]

    operations = [
        migrations.AlterField(
            model_name="scheme",
            name="institution",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="schemes",
                to="institutions.institution",
                verbose_name="school",
            ),
        ),
        migrations.AlterField(
            model_name="scheme", name="year", field=models.PositiveSmallIntegerField(verbose_name="year")
        ),
        migrations.AddConstraint(
            model_name="scheme",
            constraint=models.UniqueConstraint(fields=("institution", "year"), name="one_scheme_per_school_and_year", violation_error_message="An indicator scheme for this year already exists."),
        ),
    ]
