"""Step three: every row has its school (the migration before filled them), so the key is required and codes,
names and years are unique within a school instead of across the portal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committee', '0006_settings_institution'),
        ('institutions', '0003_home_institution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ratinglevel',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='rating_levels', to='institutions.institution', verbose_name='school'),
        ),
        migrations.AlterField(
            model_name='ratinglevel',
            name='name',
            field=models.CharField(max_length=20, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='ratinglevel',
            constraint=models.UniqueConstraint(fields=('institution', 'name'), name='unique_rating_level_per_school', violation_error_message='A rating level with this name already exists.'),
        ),
    ]
