"""Step three: every row has its school (the migration before filled them), so the key is required and codes,
names and years are unique within a school instead of across the portal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0011_settings_institution'),
        ('institutions', '0003_home_institution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activitykind',
            name='code',
            field=models.SlugField(max_length=40, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='activitykind',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='activity_kinds', to='institutions.institution', verbose_name='school'),
        ),
        migrations.AlterField(
            model_name='activitykind',
            name='name',
            field=models.CharField(max_length=60, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='activitykind',
            constraint=models.UniqueConstraint(fields=('institution', 'code'), name='unique_activity_kind_code_per_school', violation_error_message='An activity kind with this code already exists.'),
        ),
        migrations.AddConstraint(
            model_name='activitykind',
            constraint=models.UniqueConstraint(fields=('institution', 'name'), name='unique_activity_kind_name_per_school', violation_error_message='An activity kind with this name already exists.'),
        ),
    ]
