"""The committee's demo data: loaded through the services, idempotent, and showing every state the pages show."""

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from colleges.access import membership_of
from committee.models import FollowUpTask, Meeting, Notice, Receipt, TrainingClass, UnitReport
from tests.conftest import client_for


def committee_counts():
    return [m.objects.count() for m in (Notice, Receipt, Meeting, FollowUpTask, TrainingClass, UnitReport)]


def test_the_demo_shows_every_state_and_loads_once(plan):
    call_command("load_demo")
    first = committee_counts()
    call_command("load_demo")
    assert committee_counts() == first
    receipts = Receipt.objects.filter(notice__title__startswith="关于报送2022年上半年")
    assert receipts.filter(replied_at__isnull=False).exists()
    assert receipts.filter(read_at__isnull=False, replied_at__isnull=True).exists()
    assert receipts.filter(read_at__isnull=True).exists()
    meeting = Meeting.objects.get()
    assert meeting.minutes and meeting.attachments.exists()
    assert {t.status for t in FollowUpTask.objects.all()} == {"open", "done"}
    training = TrainingClass.objects.get()
    assert training.sessions.count() == 3 and all(s.attendees.exists() for s in training.sessions.all())
    assert set(UnitReport.objects.values_list("status", flat=True)) == {"draft", "submitted", "rated"}


def test_the_demo_unit_contact_logs_in_to_their_units_home(plan):
    call_command("load_demo")
    user = authenticate(username="unit-xg", password="gkw-demo-2022")
    assert user is not None and membership_of(user).member_unit.name == "学工"
    page = client_for(user).get(reverse("home"), follow=True).content.decode()
    assert "5.2" in page
    # Their own self-report waits for them to finish and submit it: it does not arrive already rated.
    own = UnitReport.objects.get(unit=membership_of(user).member_unit, year=2022)
    assert own.status == "draft" and own.rating_id is None
    quality = authenticate(username="unit-zk", password="gkw-demo-2022")
    assert client_for(quality).get(reverse("committee:units", args=[2022])).status_code == 200
