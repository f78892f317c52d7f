"""The demo: the care board's accounts and records for every demo college, loaded once."""

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from care.models import CareSession, Need, Offer, Pair
from colleges.access import membership_of
from colleges.models import College, Role

from ..conftest import client_for


def test_load_demo_fills_the_care_board_for_every_college_once(db):
    call_command("load_demo")
    counts = [Need.objects.count(), Offer.objects.count(), Pair.objects.count()]
    call_command("load_demo")
    assert [Need.objects.count(), Offer.objects.count(), Pair.objects.count()] == counts
    for college in College.objects.all():
        statuses = set(Need.objects.filter(college=college).values_list("status", flat=True))
        assert statuses == {"open", "matched", "closed"}, college
    assert Offer.objects.filter(member=None).count() == 2  # comrades from outside the school
    assert all(need.description.endswith("（演示）") for need in Need.objects.all())


def test_the_demo_counsellor_and_elder_log_in_to_their_pages(db):
    call_command("load_demo")
    counsellor = authenticate(username="counsellor1", password="gkw-demo-2022")
    elder = authenticate(username="elder1", password="gkw-demo-2022")
    assert membership_of(counsellor).role == Role.COUNSELLOR and membership_of(elder).role == Role.ELDER
    assert Offer.objects.get(user=elder).pairs.exists()
    page = client_for(elder).get(reverse("care:mine"))
    assert page.status_code == 200 and "演示" in page.content.decode()
    assert client_for(counsellor).get(reverse("care:needs")).status_code == 200
    # What elder1 logged waits for the college, and what the college returned shows its reason to the elder.
    assert page.context["returned"] == 1 and "请补充这次谈心的主要内容。" in page.content.decode()
    assert CareSession.objects.filter(created_by=elder, status="pending").exists()
