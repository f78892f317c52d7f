"""Step three: every line has its school (the migration before filled them), so the key is required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0008_event_institution'),
        ('institutions', '0003_home_institution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='careevent',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='care_events', to='institutions.institution', verbose_name='school'),
        ),
    ]
