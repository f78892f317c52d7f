"""The member unit contact (UNIT_CONTACT) against every page of the permission matrix: their own unit's pages, their
notices and tasks, the committee's meetings to read; the school's pages are not theirs (403)."""

import pytest
from django.urls import reverse

from colleges.access import membership_of
from colleges.models import MemberUnit, Role
from committee.models import UnitReport
from tests.conftest import client_for, make_user
from tests.matrix import committee as committee_matrix
from tests.test_permissions import core_url_cases, snapshot

# The contact of the unit whose draft self-report the matrix builds (the first unit: 办公室).
COMMITTEE_EXPECTED = {
    "committee:notices": 200,
    "committee:notice_create": 403,
    "committee:notice": 404,  # a notice to college A only: not theirs
    "committee:notice_edit": 404,
    "committee:notice_remind": 404,
    "committee:notice_read": 404,
    "committee:notice_files": 404,
    "committee:notice_file": 404,
    "committee:notice_reply": 404,
    "committee:reply_file": 404,
    "committee:meetings": 200,
    "committee:meeting_create": 403,
    "committee:meeting": 200,
    "committee:meeting_edit": 403,
    "committee:meeting_files": 403,
    "committee:meeting_file": 200,
    "committee:decision_create": 403,
    "committee:tasks": 200,
    "committee:task_done": 404,  # college A's task
    "committee:trainings": 403,
    "committee:training_create": 403,
    "committee:training": 403,
    "committee:training_edit": 403,
    "committee:session_create": 403,
    "committee:attendance": 403,
    "committee:college_training": 403,
    "committee:units": 403,
    "committee:units_export": 403,
    "committee:unit": 200,
    "committee:unit_report": 200,
    "committee:unit_transition": 405,
    "committee:unit_rate": 404,  # another unit's self-report
    "committee:unit_files": 405,
    "committee:unit_file": 200,
    "committee:unit_file_delete": 405,
    "committee:unit_home": 200,
}
# The school's pages a unit contact may still open: their home (sent on to the unit's home), their own account and
# their own notifications (another person's notification is not found).
CORE_OPEN = {
    "home": 302,
    "notifications:list": 200,
    "notifications:read_all": 405,
    "notifications:read": 405,  # POST only (and another person's is not found)
    "password_change": 200,
    "password_change_done": 200,
    "logout": 405,
    "colleges:large_text": 405,
    "colleges:switch": 405,
    # Each person's own settings; a confirmation link that is not theirs is not found.
    "notifications:settings": 200,
    "notifications:confirm_email": 404,
}


@pytest.fixture
def contact(plan, users):
    return make_user("unit-office", Role.UNIT_CONTACT, member_unit=MemberUnit.objects.order_by("order").first())


def test_the_matrix_names_every_committee_page(plan, users, college_a, report):
    names = {name for name, *_ in committee_matrix.cases(plan, college_a, report)}
    assert names == set(COMMITTEE_EXPECTED)


def test_a_unit_contact_on_every_committee_page(plan, users, college_a, report, contact):
    client = client_for(contact)
    for name, url, _expected, _write in committee_matrix.cases(plan, college_a, report):
        assert client.get(url).status_code == COMMITTEE_EXPECTED[name], name
    assert client.get(reverse("home"))["Location"] == reverse("committee:unit_home")


def test_a_unit_contact_gets_403_on_the_schools_pages(plan, users, college_a, report, assessment, export, contact):
    client = client_for(contact)
    for name, url, _expected, _write in core_url_cases(plan, college_a, report, assessment, export):
        assert client.get(url).status_code == CORE_OPEN.get(name, 403), name


def test_a_unit_contacts_refused_writes_change_nothing(plan, users, college_a, report, contact):
    client = client_for(contact)
    cases = committee_matrix.cases(plan, college_a, report)
    before = snapshot()
    payload = {"title": "改", "text": "改", "note": "改", "version": "1", "action": "return", "comment": "改"}
    for name, url, _expected, is_write in cases:
        if is_write and COMMITTEE_EXPECTED[name] in {403, 404}:
            assert client.post(url, payload).status_code == COMMITTEE_EXPECTED[name], name
    # Their own unit: a return is staff's, refused outright.
    own = UnitReport.objects.get(unit=membership_of(contact).member_unit)
    url = reverse("committee:unit_transition", args=[2022, own.unit_id])
    assert client.post(url, {**payload, "version": own.version}).status_code == 403
    assert snapshot() == before


def test_a_unit_contact_reads_their_own_notifications(plan, users, contact, college_a):
    from committee.models import Notice
    from committee.services import notices as notice_services

    notice = Notice(title="委员单位通知", body="请阅", audience="chosen")
    notice_services.publish_notice(notice, users["staff"], units=[membership_of(contact).member_unit])
    client = client_for(contact)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "委员单位通知" in page
    mine = contact.notifications.get()
    assert client.post(reverse("notifications:read", args=[mine.pk]))["Location"] == notice.get_absolute_url()
    others = users["sec1"].notifications.create(title="他人的通知")
    assert client.post(reverse("notifications:read", args=[others.pk])).status_code == 404
