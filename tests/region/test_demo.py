from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from institutions.models import Institution
from region.models import Application, Assignment, Region, ReviewRound, RoundStatus, Status


def test_the_demo_region_has_every_state_a_finished_and_an_open_round_and_loads_once(db, kinds):
    call_command("load_demo", verbosity=0)
    assert Institution.objects.count() == 10
    assert Institution.objects.filter(is_demo=True).count() == 9
    assert all("演示" in name for name in Institution.objects.filter(is_demo=True).values_list("name", flat=True))
    last, current = Region.objects.get(year=2021), Region.objects.get(year=2022)
    assert set(Application.objects.filter(region=last).values_list("status", flat=True)) == {Status.PUBLISHED}
    assert ReviewRound.objects.get(region=last).status == RoundStatus.CLOSED
    assert ReviewRound.objects.get(region=current).status == RoundStatus.OPEN
    # Every state but 已提交, which lasts no longer than its submission while the round is open: 江南示范, submitted
    # after the round opened, went under review at once, to reviewers of other schools.
    states = set(Application.objects.filter(region=current).values_list("status", flat=True))
    assert states == set(Status.values) - {Status.SUBMITTED}
    late = Application.objects.get(region=current, institution__code="d-jn")
    assert late.status == Status.UNDER_REVIEW
    reviewers = Assignment.objects.filter(application=late).select_related("reviewer__affiliation")
    assert reviewers.count() == 2
    assert all(a.reviewer.affiliation.institution_id != late.institution_id for a in reviewers)
    assert current.meetings.exists() and current.posts.filter(pinned=True).exists()
    _the_demo_contacts_school_drafts_from_its_own_data(current)
    before = Application.objects.count()
    call_command("load_demo", verbosity=0)
    assert Application.objects.count() == before == 20


def _the_demo_contacts_school_drafts_from_its_own_data(current):
    """region_contact's school, 太湖理工学院（演示）, runs its 2022 year in the portal: its returned application
    offers 从本校数据生成, which fills the report from its own colleges and brand projects."""
    from tests.conftest import client_for

    returned = Application.objects.get(region=current, institution__code="d-th")
    assert returned.status == Status.RETURNED
    client = client_for(get_user_model().objects.get(username="region_contact"))
    url = reverse("region:application_draft", args=[returned.pk])
    assert url in client.get(returned.get_absolute_url()).content.decode()
    client.post(url, {"version": returned.version, "confirmed": "yes"})
    returned.refresh_from_db()
    assert "太湖理工学院（演示）" in returned.report and "根据本校门户数据生成" in returned.report
    assert returned.scores.filter(indicator__evidence="brands").exclude(self_note="").exists()
    page = client.get(reverse("region:application_live", args=[returned.pk])).content.decode()
    assert "机电工程学院" in page and "机械技术学院" not in page  # its college, never the home school's
