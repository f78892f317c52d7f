"""The installation's own school. The region demo (and any administrator who kept the region) may already have made
it as the lead of 第十片, code wxit: that row becomes the home school rather than a second one of the same name."""

from django.conf import settings
from django.db import migrations
from django.db.models import Q

HOME_CODE = "wxit"
HOME_SHORT_NAME = "无锡职院"


def make_home(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    if Institution.objects.filter(is_home=True).exists():
        return
    name = settings.HOME_INSTITUTION_NAME
    school = Institution.objects.filter(Q(code=HOME_CODE) | Q(name=name)).order_by("pk").first()
    if school is None:
        school = Institution.objects.create(code=HOME_CODE, name=name, short_name=HOME_SHORT_NAME)
    Institution.objects.filter(pk=school.pk).update(is_home=True)


class Migration(migrations.Migration):
    dependencies = [("institutions", "0002_school_code_site_and_home")]

    operations = [migrations.RunPython(make_home, migrations.RunPython.noop)]
