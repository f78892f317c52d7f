"""Step three: every row has its school (the migration before filled them), so the key is required and codes,
names and years are unique within a school instead of across the portal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0006_settings_institution'),
        ('institutions', '0003_home_institution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='careyear',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='care_years', to='institutions.institution', verbose_name='school'),
        ),
        migrations.AlterField(
            model_name='careyear',
            name='year',
            field=models.PositiveSmallIntegerField(verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='needcategory',
            name='code',
            field=models.SlugField(max_length=40, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='needcategory',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='need_categories', to='institutions.institution', verbose_name='school'),
        ),
        migrations.AlterField(
            model_name='needcategory',
            name='name',
            field=models.CharField(max_length=40, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='careyear',
            constraint=models.UniqueConstraint(fields=('institution', 'year'), name='one_care_year_per_school', violation_error_message="The care board's settings for this year already exist."),
        ),
        migrations.AddConstraint(
            model_name='needcategory',
            constraint=models.UniqueConstraint(fields=('institution', 'code'), name='unique_need_category_code_per_school', violation_error_message='A need category with this code already exists.'),
        ),
        migrations.AddConstraint(
            model_name='needcategory',
            constraint=models.UniqueConstraint(fields=('institution', 'name'), name='unique_need_category_name_per_school', violation_error_message='A need category with this name already exists.'),
        ),
    ]
