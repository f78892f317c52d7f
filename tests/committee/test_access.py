"""The committee's scoping and predicates, asked directly (committee.access): what each person finds and may do."""

import datetime

import pytest

from colleges.access import access_for
from colleges.models import College, CommitteeMember, MemberUnit, Role
from committee import access, lists
from committee.models import Notice, ReplyFile, TrainingClass
from committee.services import notices as notice_services
from committee.services import units as unit_services
from committee.services.common import CommitteeError
from committee.workflow import WORKFLOW, status_of
from tests.conftest import make_user
from tests.matrix.committee import pdf


def test_a_contact_finds_only_their_own_unit_and_the_others_find_every_unit(users, unit1, student_affairs):
    assert list(access.visible_units(access_for(unit1))) == [student_affairs]
    assert access.visible_units(access_for(users["sec1"])).count() == MemberUnit.objects.count()
    assert not access.reads_unit(access_for(users["sec1"]), student_affairs.pk)
    assert access.reads_unit(access_for(users["office"]), student_affairs.pk)


def test_only_the_school_reads_every_notice_and_unit(users, unit1):
    for name, expected in {"staff": True, "office": True, "admin": True, "sec1": False}.items():
        assert access.reads_every_notice(access_for(users[name])) is expected
        assert access.reads_every_unit(access_for(users[name])) is expected
    assert not access.reads_every_notice(access_for(unit1))


def test_the_training_pages_are_the_schools_not_a_unit_contacts():
    assert Role.UNIT_CONTACT not in access.TRAINING_ROLES
    assert {Role.STAFF, Role.OFFICE, Role.SECRETARY, Role.ADMIN} <= access.TRAINING_ROLES
    assert list(access.UNIT_ROLES) == [Role.UNIT_CONTACT]


def test_template_permissions_name_what_the_tabs_and_lists_show(users, unit1):
    contact = access.template_permissions(unit1)
    assert contact["use_unit_pages"] and not contact["read_committee_training"] and not contact["read_every_unit"]
    secretary = access.template_permissions(users["sec1"])
    assert secretary["read_committee_training"] and not secretary["read_every_notice"]
    office = access.template_permissions(users["office"])
    assert office["read_every_notice"] and office["read_every_unit"]


def test_a_recipient_has_their_own_receipt_and_reply_files_the_school_has_none_of_its_own(users, college_a, college_b):
    notice = notice_services.publish_notice(
        Notice(title="通知", body="正文", audience="all_colleges", reply="file"), users["staff"]
    )
    receipt_a = notice.receipts.get(college=college_a)
    notice_services.reply(receipt_a, users["sec1"], "", [pdf("回执.pdf")], receipt_a.version)
    stored = ReplyFile.objects.get()
    assert access.own_receipt(users["sec1"], notice) == receipt_a
    assert access.own_receipt(users["staff"], notice) is None
    assert access.own_receipts(users["sec2"]) == {notice.pk: notice.receipts.get(college=college_b)}
    assert access.own_receipts(users["office"]) == {}
    assert list(access.visible_reply_files(users["sec1"], notice)) == [stored]
    assert list(access.visible_reply_files(users["office"], notice)) == [stored]
    assert not access.visible_reply_files(users["sec2"], notice).exists()


def test_a_secretary_sees_their_own_colleges_training_and_the_school_every_colleges(users, college_a, college_b):
    College.objects.create(code="zz", name="已撤销学院", short_name="撤", active=False)
    assert list(access.training_colleges(users["sec1"])) == [college_a]
    assert set(access.training_colleges(users["office"])) == {college_a, college_b}
    assert {m.college_id for m in access.training_members(users["sec1"])} == {college_a.pk}
    assert access.training_members(users["staff"]).count() == CommitteeMember.objects.count()
    assert access.own_college(access_for(users["sec1"])) == college_a
    assert access.own_college(access_for(users["staff"])) is None
    training = TrainingClass.objects.create(title="培训班", year=2022, created_by=users["staff"])
    sessions, by_college = lists.training_attendance(training, users["sec1"])
    assert sessions == [] and [college for college, _row in by_college] == [college_a]


def test_the_people_told_are_the_secretaries_and_contacts_of_the_recipients(users, college_a, unit1, student_affairs):
    make_user("gone", Role.SECRETARY, college=college_a, is_active=False)
    assert set(access.people_of([college_a.pk], [student_affairs.pk])) == {users["sec1"], unit1}
    assert not access.people_of().exists()


def test_a_self_report_not_written_yet_is_a_draft_its_unit_may_write(users, unit1, student_affairs):
    contact = access_for(unit1)
    assert status_of(None) == "draft"
    assert WORKFLOW.can_edit(status_of(None), contact, student_affairs.pk)
    assert not WORKFLOW.can_edit(status_of(None), access_for(users["office"]), student_affairs.pk)
    assert WORKFLOW.available("submitted", access_for(users["staff"]), student_affairs.pk) == ["return"]
    assert WORKFLOW.available("draft", contact, student_affairs.pk) == ["submit"]


def test_evidence_needs_a_written_self_report(users, unit1):
    with pytest.raises(CommitteeError):
        unit_services.add_unit_files(None, unit1, [pdf()])


def test_a_units_home_opens_on_the_newest_plan_up_to_this_year(plan):
    assert lists.unit_home_year(datetime.date(2022, 6, 1)) == plan.year
    assert lists.unit_home_year(datetime.date(1999, 6, 1)) == 1999
