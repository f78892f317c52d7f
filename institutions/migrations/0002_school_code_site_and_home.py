"""The school's national code (学校标识码) and public site; the home-school flag, of which one row at most has it
(0003 gives it to the installation's own school)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="institution",
            options={"ordering": ["code"], "verbose_name": "school", "verbose_name_plural": "schools"},
        ),
        migrations.AddField(
            model_name="institution",
            name="is_home",
            field=models.BooleanField(default=False, editable=False, verbose_name="home school"),
        ),
        migrations.AddField(
            model_name="institution",
            name="school_code",
            field=models.CharField(
                blank=True,
                max_length=10,
                validators=[
                    django.core.validators.RegexValidator("^\\d{10}\\Z", "The national school code is ten digits.")
                ],
                verbose_name="national school code",
            ),
        ),
        migrations.AddField(
            model_name="institution",
            name="site_url",
            field=models.URLField(blank=True, verbose_name="public site address"),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_home", True)), fields=("is_home",), name="one_home_institution"
            ),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("school_code", ""), _negated=True),
                fields=("school_code",),
                name="unique_national_school_code",
            ),
        ),
    ]
