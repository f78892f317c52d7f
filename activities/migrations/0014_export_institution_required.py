"""Step three: every row has its school (the migration before filled them), so the key is required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0013_export_institution'),
        ('institutions', '0003_home_institution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportexport',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='report_exports', to='institutions.institution', verbose_name='school'),
        ),
    ]
