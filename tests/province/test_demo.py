"""The demo's province officer lands on the overview: the demo's two schools running their year here, with their
figures, and every member school of the demo's region."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from core.scoping import every_school
from province import tallies
from province.models import SchoolYearTally
from region.models import Region

from ..conftest import client_for
from .test_overview import rows_of


def test_the_demos_province_sees_both_running_schools_and_the_regions_members(plan):
    call_command("load_demo", stdout=io.StringIO())
    with every_school():
        region = Region.objects.order_by("-year").first()
        members = set(region.members.values_list("short_name", flat=True)) | {region.lead.short_name}
        running = {t.institution.short_name: t for t in SchoolYearTally.objects.filter(year=region.year)}
        fresh = {(t.institution_id, t.year): t.reports_approved for t in tallies.count(None)}
        kept = {(t.institution_id, t.year): t.reports_approved for t in SchoolYearTally.objects.all()}
    assert kept == fresh
    assert len(running) == 2 and all(t.colleges and t.reports_approved for t in running.values())
    province = get_user_model().objects.get(username="province")
    page = client_for(province).get(reverse("province:overview")).content.decode()
    rows = rows_of(page)
    assert members | set(running) <= set(rows)
    for name in running:
        assert "本年度未在本平台开展工作" not in rows[name], name
