"""A bulletin's first draft from the month's data: the approved activities by plan section, care and mentoring,
the committee's notices and meetings, and what is overdue at the month's end. Counts and titles only: no personal
note of the care board, no free text of a report beyond its title."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import ActivityReport, Status
from care.figures import month_counts
from committee.models import FollowUpTask, Meeting, Notice, Receipt, ReplyKind, TaskStatus, TrainingSession
from core.outline import NUMERALS, compose
from core.text import chinese_date

LISTED = 6  # titles listed under each section; the rest counted


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _activities(year: int, month: int) -> tuple[list[str], list[str]]:
    reports = ActivityReport.objects.filter(status=Status.APPROVED, starts_on__year=year, starts_on__month=month)
    totals = reports.aggregate(students=Sum("student_count"), teachers=Sum("teacher_count"))
    rows = list(
        reports.order_by("starts_on", "pk").values_list(
            "title", "starts_on", "college__short_name", "work_point__section__number", "work_point__section__title"
        )
    )
    colleges = {row[2] for row in rows}
    overview = [
        _(
            "%(reports)d activity reports of the month were approved, with %(students)d student and %(teachers)d "
            "teacher attendances, from %(colleges)d colleges."
        )
        % {
            "reports": len(rows),
            "students": totals["students"] or 0,
            "teachers": totals["teachers"] or 0,
            "colleges": len(colleges),
        }
    ]
    by_section = defaultdict(list)
    for title, starts_on, college, number, section in rows:
        by_section[(number or 99, section or _("Outside the plan's work points"))].append(
            f"{college}：{title}（{starts_on.month}月{starts_on.day}日）"
        )
    lines = []
    for order, ((_number, section), items) in enumerate(sorted(by_section.items())):
        counted = _("%(section)s: %(count)d activities.") % {"section": section, "count": len(items)}
        lines.append(f"（{NUMERALS[order % len(NUMERALS)]}）{counted}")
        lines.extend(f"{n}. {item}" for n, item in enumerate(items[:LISTED], start=1))
        if len(items) > LISTED:
            lines.append(_("… and %(more)d more.") % {"more": len(items) - LISTED})
    return overview, lines or [_("No activity report of this month has been approved yet.")]


def _care(year: int, month: int) -> list[str]:
    counts = month_counts(year, month)
    return [
        _(
            "%(needs)d needs were posted on the care board and %(pairs)d elder–student pairs confirmed; "
            "%(sessions)d care sessions and %(meetings)d mentoring meetings were held."
        )
        % counts
    ]


def _committee(year: int, month: int) -> list[str]:
    in_month = {"__year": year, "__month": month}
    notices = list(
        Notice.objects.filter(**{f"published_at{key}": value for key, value in in_month.items()})
        .order_by("published_at")
        .values_list("title", flat=True)
    )
    meetings = list(
        Meeting.objects.filter(**{f"held_on{key}": value for key, value in in_month.items()})
        .order_by("held_on")
        .values_list("title", "held_on")
    )
    training = TrainingSession.objects.filter(**{f"held_on{key}": value for key, value in in_month.items()}).count()
    lines = [
        _("%(notices)d notices were published, %(meetings)d meetings held and %(training)d training sessions given.")
        % {"notices": len(notices), "meetings": len(meetings), "training": training}
    ]
    lines += [_("Notice: %(title)s") % {"title": title} for title in notices[:LISTED]]
    lines += [
        _("Meeting: %(title)s (%(day)s)") % {"title": title, "day": chinese_date(day)} for title, day in meetings
    ]
    return lines


def _overdue(year: int, month: int) -> list[str]:
    """What is overdue at the month's end (or today, for the month running)."""
    on = min(month_end(year, month), timezone.localdate())
    tasks = FollowUpTask.objects.filter(Q(status=TaskStatus.OPEN) | Q(done_at__date__gt=on), due_on__lt=on).count()
    replies = Receipt.objects.filter(
        ~Q(notice__reply=ReplyKind.NONE),
        Q(replied_at__isnull=True) | Q(replied_at__date__gt=on),
        notice__deadline__lt=on,
    ).count()
    # Submitted by then and not yet reviewed then (still waiting, or reviewed since).
    waiting = ActivityReport.objects.filter(
        Q(status=Status.SUBMITTED) | Q(reviewed_at__date__gt=on), submitted_at__date__lte=on
    ).count()
    return [
        _(
            "On %(day)s, %(tasks)d follow-up tasks of the meetings were past their due date, %(replies)d replies to "
            "notices were overdue and %(waiting)d activity reports were waiting for review."
        )
        % {"day": chinese_date(on), "tasks": tasks, "replies": replies, "waiting": waiting}
    ]


def title(year: int, month: int, number: int) -> str:
    return _("Work bulletin of the committee, %(year)d no. %(number)d (%(month)s)") % {
        "year": year,
        "number": number,
        "month": f"{year}年{month}月",
    }


def draft_text(year: int, month: int, number: int) -> str:
    """The bulletin's first draft for the month, a title and its sections ("一、"…), for staff to edit."""
    overview, activities = _activities(year, month)
    sections = [
        (_("Overview of the month"), overview),
        (_("Activities by section of the plan"), activities),
        (_("Care and mentoring"), _care(year, month)),
        (_("Notices, meetings and training"), _committee(year, month)),
        (_("To follow up"), _overdue(year, month)),
    ]
    return compose(title(year, month, number), sections)
