"""The scale the committee rates member units on, as rows that staff may change in the admin."""

from django.db import migrations

LEVELS = [("优秀", 1, True), ("良好", 2, True), ("合格", 3, True), ("不合格", 4, False)]


def create_levels(apps, schema_editor):
    RatingLevel = apps.get_model("committee", "RatingLevel")
    for name, order, passing in LEVELS:
        RatingLevel.objects.get_or_create(name=name, defaults={"order": order, "passing": passing})


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]

    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
