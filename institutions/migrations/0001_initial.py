"""The region's member schools become the portal's schools: the model moves from region to institutions in the
migration state only. Its table (region_institution) and every row stay where they are; region/0003 points the
region's keys at the moved model."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("region", "0002_summaryexport_background_job")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Institution",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.SlugField(max_length=30, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        ("short_name", models.CharField(max_length=30, verbose_name="short name")),
                        ("contact_name", models.CharField(blank=True, max_length=40, verbose_name="contact person")),
                        ("contact_phone", models.CharField(blank=True, max_length=40, verbose_name="contact phone")),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                    ],
                    options={
                        "verbose_name": "member school",
                        "verbose_name_plural": "member schools",
                        "ordering": ["code"],
                        "db_table": "region_institution",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
