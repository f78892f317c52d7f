from django.core.management import call_command

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
    before = Application.objects.count()
    call_command("load_demo", verbosity=0)
    assert Application.objects.count() == before == 20
