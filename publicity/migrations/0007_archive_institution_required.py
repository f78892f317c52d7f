"""Step three: every build has its school (the migration before filled them), so the key is required and the one
live build of a file is one per school, not one across the portal."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('institutions', '0003_home_institution'),
        ('publicity', '0006_archive_institution'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='yeararchive',
            name='one_active_archive_build',
        ),
        migrations.AlterField(
            model_name='yeararchive',
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='year_archives', to='institutions.institution', verbose_name='school'),
        ),
        migrations.AddConstraint(
            model_name='yeararchive',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['pending', 'running'])), fields=('institution', 'year'), name='one_active_archive_build_per_school'),
        ),
    ]
