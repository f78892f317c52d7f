"""A notice goes to every college, or to the colleges and member units chosen together: the two audiences of chosen
colleges and of chosen member units become one. Each notice's receipts (its recipients) are kept as they are, and
read colleges first, then member units."""

from django.db import migrations, models

from institutions.migration_ops import check_keys_now


def chosen_together(apps, schema_editor):
    Notice = apps.get_model("committee", "Notice")
    Notice.objects.filter(audience__in=["colleges", "units"]).update(audience="chosen")


def chosen_apart(apps, schema_editor):
    """Back to the audience of the recipients a notice has: its colleges when it has any, else its units."""
    Notice = apps.get_model("committee", "Notice")
    Receipt = apps.get_model("committee", "Receipt")
    with_colleges = Receipt.objects.filter(college__isnull=False).values("notice_id")
    chosen = Notice.objects.filter(audience="chosen")
    chosen.filter(pk__in=with_colleges).update(audience="colleges")
    chosen.update(audience="units")


class Migration(migrations.Migration):
    dependencies = [("committee", "0002_rating_levels")]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="audience",
            field=models.CharField(
                choices=[("all_colleges", "All colleges"), ("chosen", "Chosen colleges and member units")],
                default="all_colleges",
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.RunPython(chosen_together, chosen_apart),
        check_keys_now(),
        # A notice's recipients read colleges first, then member units, on every database.
        migrations.AlterModelOptions(
            name="receipt",
            options={
                "ordering": [
                    "notice",
                    models.OrderBy(models.F("college__order"), nulls_last=True),
                    "college__code",
                    "unit__order",
                    "unit__name",
                    "pk",
                ],
                "verbose_name": "receipt",
                "verbose_name_plural": "receipts",
            },
        ),
    ]
