"""The report list exports (a school-wide one has no college) belong to a school (issue 27), steps one and two: the key is added, nullable, and every existing
row is given the home school (institutions/0003), or their college's school. 0014 makes it required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from institutions.migration_ops import check_keys_now


def key(related_name):
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    Export = apps.get_model("activities", "reportexport")
    colleges = apps.get_model("colleges", "college").objects.filter(pk=OuterRef("college_id"))
    Export.objects.filter(institution=None).update(institution=Subquery(colleges.values("institution")[:1]))
    Export.objects.filter(institution=None).update(institution=home)  # the school-wide ones


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0012_settings_institution_required"),
        ("institutions", "0003_home_institution"),
        ("colleges", "0005_institution_required"),
    ]

    operations = [
        migrations.AddField(model_name="reportexport", name="institution", field=key("report_exports")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
