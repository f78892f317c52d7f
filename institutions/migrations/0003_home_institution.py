"""The installation's own school, named by HOME_INSTITUTION_NAME. The region demo (and any administrator who kept the
region) may already have made it as the lead of 第十片, code wxit: that row becomes the home school rather than a
second one of the same name. A school of the given name is reused too; the lead wxit is taken for the default name
only, so that an installation of another school (HOME_INSTITUTION_NAME=…) whose region lists 无锡职业技术学院 moves
into its own school, not into the region's lead."""

from django.conf import settings
from django.db import migrations

HOME_CODE = "wxit"
HOME_NAME = "无锡职业技术学院"
HOME_SHORT_NAME = "无锡职院"
OTHER_HOME_CODE = "home"  # when wxit is the region's lead and the home school is another school


def make_home(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    if Institution.objects.filter(is_home=True).exists():
        return
    name = settings.HOME_INSTITUTION_NAME
    school = Institution.objects.filter(name=name).first()
    if school is None and name == HOME_NAME:
        school = Institution.objects.filter(code=HOME_CODE).first()
    if school is None:
        code = OTHER_HOME_CODE if Institution.objects.filter(code=HOME_CODE).exists() else HOME_CODE
        short_name = HOME_SHORT_NAME if name == HOME_NAME else name[:30]
        school = Institution.objects.create(code=code, name=name, short_name=short_name)
    Institution.objects.filter(pk=school.pk).update(is_home=True)


class Migration(migrations.Migration):
    dependencies = [("institutions", "0002_school_code_site_and_home")]

    operations = [migrations.RunPython(make_home, migrations.RunPython.noop)]
