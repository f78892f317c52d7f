"""The member schools now live in the institutions app (institutions/0001): the region's keys point at the moved
model and the region forgets its own, in the migration state only. The columns already reference the same table,
so nothing in the database changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
        ("region", "0002_summaryexport_background_job"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="region",
            name="lead",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="led_regions", to="institutions.institution", verbose_name="lead school"),
        ),
        migrations.AlterField(
            model_name="region",
            name="members",
            field=models.ManyToManyField(related_name="regions", to="institutions.institution", verbose_name="member schools"),
        ),
        migrations.AlterField(
            model_name="affiliation",
            name="institution",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="people", to="institutions.institution", verbose_name="member school"),
        ),
        migrations.AlterField(
            model_name="application",
            name="institution",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="applications", to="institutions.institution", verbose_name="member school"),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="host",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="hosted_meetings", to="institutions.institution", verbose_name="host school"),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="institution",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="institutions.institution"),
        ),
        migrations.AlterField(
            model_name="post",
            name="institution",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="posts", to="institutions.institution"),
        ),
        migrations.AlterField(
            model_name="comment",
            name="institution",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="institutions.institution"),
        ),
        migrations.DeleteModel(name="Institution"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
