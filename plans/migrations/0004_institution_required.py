"""Step three: every plan has its school (0003 filled them), so the key is required and the year is unique
within a school instead of across the portal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_institution")]

    operations = [
        migrations.AlterField(
            model_name="workplan",
            name="institution",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="work_plans",
                to="institutions.institution",
                verbose_name="school",
            ),
        ),
        migrations.AlterField(
            model_name="workplan", name="year", field=models.PositiveSmallIntegerField(verbose_name="year")
        ),
        migrations.AddConstraint(
            model_name="workplan",
            constraint=models.UniqueConstraint(fields=("institution", "year"), name="one_plan_per_school_and_year", violation_error_message="A work plan for this year already exists."),
        ),
    ]
