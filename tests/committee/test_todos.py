"""What waits in the committee's work (committee/todos.py): a recipient's notices to read or answer and open
tasks, a unit's own self-report while it is theirs; staff's self-reports to rate, overdue replies and tasks.
Another college's or unit's rows never count for a recipient."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committee.models import Meeting, Notice, ReplyKind, UnitReportStatus
from committee.services import meetings as meeting_services
from committee.services import notices as notice_services
from committee.services import units as unit_services
from committee.todos import home_todos

from ..helpers import todo_entry

TODAY = timezone.localdate()


def notice(staff, *, colleges=(), units=(), reply=ReplyKind.TEXT, deadline=None, title="关于报送总结的通知"):
    audience = "units" if units else "colleges"
    row = Notice(title=title, body="请报送。", audience=audience, reply=reply, deadline=deadline)
    return notice_services.publish_notice(row, staff, colleges=colleges, units=units)


def task(staff, *, colleges=(), units=(), due_on):
    meeting = Meeting.objects.create(title="工作会议", held_on=TODAY, created_by=staff)
    return meeting_services.add_decision(meeting, staff, "落实读书活动", colleges=colleges, units=units, due_on=due_on)


def todos_of(user) -> dict:
    return {todo.key: todo for todo in home_todos(user, TODAY) if todo.count}


def test_a_secretary_sees_their_colleges_notices_and_tasks_only(users, college_a, college_b):
    mine = notice(users["staff"], colleges=[college_a], title="给机械学院的通知")
    notice(users["staff"], colleges=[college_b], title="给控制学院的通知")
    notice(users["staff"], colleges=[college_a], reply=ReplyKind.NONE, title="无需回复的通知")
    task(users["staff"], colleges=[college_a], due_on=TODAY - datetime.timedelta(days=1))
    task(users["staff"], colleges=[college_b], due_on=TODAY + datetime.timedelta(days=9))

    todos = todos_of(users["sec1"])

    assert int(todos["committee.notices"].count) == 2  # both unread
    assert reverse("committee:notice", args=[mine.pk]) in [item.url for item in todos["committee.notices"].items]
    assert "给控制学院的通知" not in [item.label for item in todos["committee.notices"].items]
    assert int(todos["committee.tasks"].count) == 1 and todos["committee.tasks"].urgent  # overdue
    mine.receipts.filter(college=college_a).update(read_at=timezone.now())
    other = Notice.objects.get(title="无需回复的通知")
    other.receipts.update(read_at=timezone.now())
    todos = todos_of(users["sec1"])
    assert [item.note for item in todos["committee.notices"].items] == ["待回复"]  # read, still to answer
    mine.receipts.update(replied_at=timezone.now())
    assert "committee.notices" not in todos_of(users["sec1"])
    assert not todos_of(users["office"])


def test_a_unit_contact_sees_their_units_notices_tasks_and_own_self_report(
    users, unit1, student_affairs, quality_office, as_unit1
):
    notice(users["staff"], units=[student_affairs], title="给学工的通知")
    notice(users["staff"], units=[quality_office], title="给质控的通知")
    task(users["staff"], units=[quality_office], due_on=TODAY)
    todos = todos_of(unit1)
    assert [item.label for item in todos["committee.notices"].items] == ["给学工的通知"]
    assert "committee.tasks" not in todos
    report = todos["committee.unit_report"]
    assert report.url == reverse("committee:unit", args=[2022, student_affairs.pk]) and not report.urgent
    written = unit_services.save_unit_report(student_affairs, 2022, unit1, "本年度履职情况。", 0)
    submitted = unit_services.transition_unit_report(written, unit1, "submit", "", written.version)
    assert "committee.unit_report" not in todos_of(unit1)  # with the committee now
    staff_sees = todos_of(users["staff"])["committee.unit_reports"]
    assert [item.url for item in staff_sees.items] == [submitted.get_absolute_url()]
    unit_services.transition_unit_report(submitted, users["staff"], "return", "请补充佐证", submitted.version)
    back = todos_of(unit1)["committee.unit_report"]
    assert back.urgent and back.note == "退回补充"
    assert "committee.unit_reports" not in todos_of(users["staff"])
    page = as_unit1.get("/", follow=True).content.decode()
    assert "本单位2022年度履职自评" in todo_entry(page, "committee.unit_report")


def test_staff_see_overdue_replies_and_tasks(users, college_a, college_b):
    notice(users["staff"], colleges=[college_a, college_b], deadline=TODAY - datetime.timedelta(days=1))
    notice(users["staff"], colleges=[college_a], deadline=TODAY + datetime.timedelta(days=3))  # not yet due
    notice(users["staff"], colleges=[college_a], reply=ReplyKind.NONE, deadline=TODAY - datetime.timedelta(days=3))
    task(users["staff"], colleges=[college_a, college_b], due_on=TODAY - datetime.timedelta(days=2))
    task(users["staff"], colleges=[college_a], due_on=TODAY)
    todos = todos_of(users["staff"])
    assert int(todos["committee.overdue_replies"].count) == 2
    assert int(todos["committee.overdue_tasks"].count) == 2
    assert "committee.notices" not in todos  # staff have no receipts of their own


def test_the_committee_to_dos_take_the_same_queries_however_many_rows(users, college_a, unit1, student_affairs):
    def queries(user) -> int:
        with CaptureQueriesContext(connection) as captured:
            home_todos(user, TODAY)
        return len(captured)

    def add(n):
        for _ in range(n):
            notice(users["staff"], colleges=[college_a], units=[], deadline=TODAY - datetime.timedelta(days=1))
            notice(users["staff"], units=[student_affairs])
            task(users["staff"], colleges=[college_a], units=[student_affairs], due_on=TODAY)

    add(1)
    small = {
        name: queries(user) for name, user in [("sec1", users["sec1"]), ("unit", unit1), ("staff", users["staff"])]
    }
    add(5)
    assert {
        name: queries(user) for name, user in [("sec1", users["sec1"]), ("unit", unit1), ("staff", users["staff"])]
    } == small


def test_a_rated_self_report_leaves_the_list(users, unit1, student_affairs):
    from committee.models import UnitReport

    UnitReport.objects.create(unit=student_affairs, year=2022, text="…", status=UnitReportStatus.RATED)
    assert "committee.unit_report" not in todos_of(unit1)
    assert "committee.unit_reports" not in todos_of(users["staff"])
