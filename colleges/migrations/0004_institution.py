"""Colleges, member units and roles belong to a school (issue 27), step one and two: the key is added, nullable,
and every existing row is given the home school (institutions/0003) — a role its college's or unit's school, a
school-wide role the home school, a role of the region or the province none. 0005 makes the keys required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from institutions.migration_ops import check_keys_now

OUTSIDE_ROLES = ["province", "region_contact", "region_reviewer"]


def fill(apps, schema_editor):
    home = apps.get_model("institutions", "Institution").objects.get(is_home=True)
    College = apps.get_model("colleges", "College")
    MemberUnit = apps.get_model("colleges", "MemberUnit")
    Membership = apps.get_model("colleges", "Membership")
    College.objects.filter(institution=None).update(institution=home)
    MemberUnit.objects.filter(institution=None).update(institution=home)
    roles = Membership.objects.filter(institution=None)
    roles.filter(college__isnull=False).update(
        institution=Subquery(College.objects.filter(pk=OuterRef("college_id")).values("institution_id")[:1])
    )
    roles.filter(member_unit__isnull=False).update(
        institution=Subquery(MemberUnit.objects.filter(pk=OuterRef("member_unit_id")).values("institution_id")[:1])
    )
    roles.exclude(role__in=OUTSIDE_ROLES).update(institution=home)


def key(related_name):
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0003_more_roles"),
        ("institutions", "0003_home_institution"),
    ]

    operations = [
        migrations.AddField(model_name="college", name="institution", field=key("colleges")),
        migrations.AddField(model_name="memberunit", name="institution", field=key("member_units")),
        migrations.AddField(
            model_name="membership",
            name="institution",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="institutions.institution",
                verbose_name="school",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        check_keys_now(),
    ]
