"""What waits for a person in the committee's work (core.todos).

- A recipient (a college's secretary, a member unit's contact): notices still to read or answer, and their open
  follow-up tasks (the overdue ones urgent); a unit's contact also their self-report of the year while it is
  theirs to write (not yet written, a draft, or returned with a reason).
- Staff: the member units' self-reports submitted for a rating, the notices whose replies are overdue (to remind),
  and the follow-up tasks past their date.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.keyset import BoundedCount, bounded_counts
from core.todos import LISTED, Todo, TodoItem

from . import lists
from .access import is_unit_contact, manages, owns, scope_owned
from .models import FollowUpTask, Receipt, ReplyKind, TaskStatus, UnitReport, UnitReportStatus

UNANSWERED = Q(read_at__isnull=True) | (~Q(notice__reply=ReplyKind.NONE) & Q(replied_at__isnull=True))


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if manages(access):
        return staff_todos(today)
    if owns(access, access.college_id, access.member_unit_id):
        return recipient_todos(user, access, today)
    return []


def recipient_todos(user, access, today: datetime.date) -> list[Todo]:
    notices = scope_owned(Receipt.objects.filter(UNANSWERED), user)
    tasks = scope_owned(FollowUpTask.objects.filter(status=TaskStatus.OPEN), user)
    querysets = {"notices": notices, "tasks": tasks, "overdue": tasks.filter(due_on__lt=today)}
    year = None
    if is_unit_contact(access):
        year = lists.unit_home_year(today)
        reports = UnitReport.objects.filter(unit_id=access.member_unit_id, year=year)
        querysets |= {
            "written": reports,
            "unsent": reports.filter(status=UnitReportStatus.DRAFT),
            "returned": reports.filter(status=UnitReportStatus.RETURNED),
        }
    counts = bounded_counts(**querysets)
    todos = []
    if year is not None and (not counts["written"] or counts["unsent"] or counts["returned"]):
        todos.append(
            Todo(
                "committee.unit_report",
                _("Our %(year)s self-report") % {"year": year},
                BoundedCount(1),
                reverse("committee:unit", args=[year, access.member_unit_id]),
                note=_("Returned for completion") if counts["returned"] else _("Not yet submitted"),
                urgent=bool(counts["returned"]),
            )
        )
    if counts["notices"]:
        rows = notices.select_related("notice").order_by("-notice__published_at", "-pk")[:LISTED]
        todos.append(
            Todo(
                "committee.notices",
                _("Notices to read or answer"),
                counts["notices"],
                reverse("committee:notices"),
                items=tuple(_notice_item(receipt) for receipt in rows),
            )
        )
    if counts["tasks"]:
        rows = tasks.select_related("decision").order_by("due_on", "pk")[:LISTED]
        todos.append(
            Todo(
                "committee.tasks",
                _("Open follow-up tasks"),
                counts["tasks"],
                f"{reverse('committee:tasks')}?status=open",
                urgent=bool(counts["overdue"]),
                items=tuple(_task_item(task, today) for task in rows),
            )
        )
    return todos


def _notice_item(receipt: Receipt) -> TodoItem:
    notice = receipt.notice
    note = pgettext("status", "Unread") if receipt.read_at is None else pgettext("status", "Reply needed")
    if notice.deadline and notice.asks_reply:
        note += " · " + pgettext("deadline", "by %(date)s") % {"date": f"{notice.deadline:%Y-%m-%d}"}
    return TodoItem(notice.title, reverse("committee:notice", args=[notice.pk]), note)


def _task_item(task: FollowUpTask, today: datetime.date) -> TodoItem:
    overdue = task.is_overdue(today)
    note = _("due %(date)s") % {"date": f"{task.due_on:%Y-%m-%d}"}
    if overdue:
        note += " · " + pgettext("status", "Overdue")
    return TodoItem(str(task.decision.text)[:80], reverse("committee:tasks") + "?status=open", note, urgent=overdue)


def staff_todos(today: datetime.date) -> list[Todo]:
    to_rate = UnitReport.objects.filter(status=UnitReportStatus.SUBMITTED)
    overdue_replies = Receipt.objects.filter(
        ~Q(notice__reply=ReplyKind.NONE), replied_at__isnull=True, notice__deadline__lt=today
    )
    overdue_tasks = FollowUpTask.objects.filter(status=TaskStatus.OPEN, due_on__lt=today)
    counts = bounded_counts(to_rate=to_rate, replies=overdue_replies, tasks=overdue_tasks)
    todos = []
    if counts["to_rate"]:
        rows = to_rate.select_related("unit").order_by("year", "unit__order", "pk")[:LISTED]
        todos.append(
            Todo(
                "committee.unit_reports",
                _("Member units' self-reports to rate"),
                counts["to_rate"],
                reverse("committee:units", args=[rows[0].year]),
                items=tuple(TodoItem(f"{r.year} · {r.unit.name}", r.get_absolute_url()) for r in rows),
            )
        )
    todos.append(
        Todo(
            "committee.overdue_replies",
            _("Replies to notices past their deadline"),
            counts["replies"],
            reverse("committee:notices"),
        )
    )
    todos.append(
        Todo(
            "committee.overdue_tasks",
            _("Follow-up tasks past their date"),
            counts["tasks"],
            f"{reverse('committee:tasks')}?status=open",
            urgent=True,
        )
    )
    return todos
