"""publicity.access, asked directly: who writes news, keeps the public pages, sees and decides the awards, opens the
archive; and the rows each may see."""

import pytest

from colleges.access import Access
from colleges.models import Role
from publicity import access
from publicity.models import Nomination
from publicity.workflow import WORKFLOW

from .conftest import photos_of

COLLEGE, OTHER = 1, 2
STAFF = Access(Role.STAFF)
ADMIN = Access(Role.ADMIN)
OFFICE = Access(Role.OFFICE)
SECRETARY = Access(Role.SECRETARY, college_id=COLLEGE)
CORRESPONDENT = Access(Role.CORRESPONDENT, college_id=COLLEGE)
COUNSELLOR = Access(Role.COUNSELLOR, college_id=COLLEGE)


@pytest.mark.parametrize(
    ("who", "writes_some", "reads_pages", "edits_pages", "awards", "decides", "archive"),
    [
        (STAFF, True, True, True, True, True, True),
        (ADMIN, True, True, True, True, True, True),
        (OFFICE, False, True, False, True, False, True),
        (SECRETARY, False, False, False, True, False, False),
        (CORRESPONDENT, True, False, False, False, False, False),
        (COUNSELLOR, False, False, False, False, False, False),
    ],
)
def test_each_role_over_the_user_level_questions(who, writes_some, reads_pages, edits_pages, awards, decides, archive):
    assert access.writes_some_news(who) is writes_some
    assert access.reads_public_pages(who) is reads_pages
    assert access.edits_public_pages(who) is edits_pages
    assert access.sees_awards(who) is awards
    assert access.decides_nominations(who) is decides
    assert access.sees_archive(who) is archive


def test_a_correspondent_writes_and_reads_only_their_own_colleges_news():
    assert access.writes_news(CORRESPONDENT, COLLEGE) and access.reads_news(CORRESPONDENT, COLLEGE)
    assert not access.writes_news(CORRESPONDENT, OTHER) and not access.reads_news(CORRESPONDENT, OTHER)
    assert not access.writes_news(SECRETARY, COLLEGE) and access.reads_news(SECRETARY, COLLEGE)
    assert not access.writes_news(OFFICE, COLLEGE) and access.reads_news(OFFICE, OTHER)


def test_only_writers_may_ever_submit_and_only_staff_publish():
    assert WORKFLOW.may_ever("submit", CORRESPONDENT, COLLEGE) and WORKFLOW.may_ever("submit", STAFF, OTHER)
    assert not WORKFLOW.may_ever("publish", CORRESPONDENT, COLLEGE)
    assert WORKFLOW.available("submitted", STAFF, COLLEGE) == ["publish", "return"]
    assert WORKFLOW.available("submitted", CORRESPONDENT, COLLEGE) == []
    assert WORKFLOW.available("draft", CORRESPONDENT, COLLEGE) == ["submit"]
    assert not WORKFLOW.can_edit("published", STAFF, COLLEGE)


def test_template_permissions_answer_the_same_questions(users, correspondent):
    asked = access.template_permissions(correspondent)
    assert asked["write_some_news"] and not asked["read_public_pages"] and not asked["see_awards"]
    staff = access.template_permissions(users["staff"])
    assert all(staff.values())
    sec1 = access.template_permissions(users["sec1"])
    assert sec1["propose_nominations"] and sec1["see_awards"] and not sec1["decide_nominations"]
    assert not any(access.template_permissions(users["norole"]).values())


def test_report_photos_are_those_of_approved_reports_of_the_readers_colleges(approved, users, college_b):
    photo_ids = {photo.pk for photo in photos_of(approved)}
    mine = Access(Role.CORRESPONDENT, college_id=approved.college_id)
    assert set(access.visible_report_photos(mine).values_list("pk", flat=True)) == photo_ids
    assert set(access.visible_report_photos(OFFICE).values_list("pk", flat=True)) == photo_ids
    theirs = Access(Role.CORRESPONDENT, college_id=college_b.pk)
    assert not access.visible_report_photos(theirs).exists()
    assert not access.visible_report_photos(COUNSELLOR).exists()


def test_a_secretary_sees_only_their_colleges_nominations(users, college_a, college_b):
    staff = users["staff"]
    own = Nomination.objects.create(year=2022, kind="collective", college=college_a, reasons="理由", proposed_by=staff)
    Nomination.objects.create(year=2022, kind="collective", college=college_b, reasons="理由", proposed_by=staff)
    assert list(access.visible_nominations(users["sec1"])) == [own]
    assert access.visible_nominations(users["office"]).count() == 2
