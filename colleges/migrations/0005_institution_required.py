"""Step three: every college and member unit has its school (0004 filled them), so the key is required, and codes
and names are unique within a school instead of across the portal. A role of the school must name its school."""

import django.db.models.deletion
from django.db import migrations, models


def key(related_name):
    return models.ForeignKey(
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="institutions.institution",
        verbose_name="school",
    )


class Migration(migrations.Migration):
    dependencies = [("colleges", "0004_institution")]

    operations = [
        migrations.AlterField(model_name="college", name="institution", field=key("colleges")),
        migrations.AlterField(model_name="memberunit", name="institution", field=key("member_units")),
        migrations.AlterField(
            model_name="college",
            name="code",
            field=models.SlugField(help_text="Short letters used in addresses.", max_length=20, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="college", name="name", field=models.CharField(max_length=100, verbose_name="name")
        ),
        migrations.AlterField(
            model_name="memberunit", name="name", field=models.CharField(max_length=20, verbose_name="name")
        ),
        migrations.AddConstraint(
            model_name="college",
            constraint=models.UniqueConstraint(fields=("institution", "code"), name="unique_college_code_per_school", violation_error_message="A college with this code already exists."),
        ),
        migrations.AddConstraint(
            model_name="college",
            constraint=models.UniqueConstraint(fields=("institution", "name"), name="unique_college_name_per_school", violation_error_message="A college with this name already exists."),
        ),
        migrations.AddConstraint(
            model_name="memberunit",
            constraint=models.UniqueConstraint(fields=("institution", "name"), name="unique_member_unit_per_school", violation_error_message="A member unit with this name already exists."),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["province", "region_contact", "region_reviewer"]), ("institution__isnull", False), _connector="OR"),
                name="school_roles_have_a_school",
                violation_error_message="A role of the school needs its school.",
            ),
        ),
    ]
