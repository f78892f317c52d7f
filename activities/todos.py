"""What waits for a person in the report loop (core.todos): a secretary's drafts and returned reports, staff's
review queue by age and the colleges that have filed nothing this month.

Counts are one `bounded_counts` query, so that 80,000 waiting reports cost what 80 do; each list the home shows is
one more query, cut to its newest few.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for, acts_for_own_college, reviews
from colleges.models import College
from core.keyset import bounded_counts
from core.todos import LISTED, Todo, TodoItem

from .models import ActivityReport, Status

# Staff chase up to this many silent colleges from the home; the count says how many there are.
SILENT_LISTED = 10


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if acts_for_own_college(access):
        return college_todos(access.college_id)
    if reviews(access):
        return review_todos(today)
    return []


def college_todos(college_id: int) -> list[Todo]:
    """A secretary's drafts to finish and reports returned to them (with the reason), newest first."""
    reports = ActivityReport.objects.filter(college_id=college_id)
    drafts, returned = reports.filter(status=Status.DRAFT), reports.filter(status=Status.RETURNED)
    counts = bounded_counts(drafts=drafts, returned=returned)
    listed = reverse("activities:list")
    todos = []
    if counts["returned"]:
        rows = returned.only("pk", "title", "return_reason").order_by("-reviewed_at", "-pk")[:LISTED]
        todos.append(
            Todo(
                "activities.returned",
                _("Reports returned to you"),
                counts["returned"],
                f"{listed}?status=returned",
                urgent=True,
                items=tuple(
                    TodoItem(r.title, r.get_absolute_url(), _return_note(r.return_reason), urgent=True) for r in rows
                ),
            )
        )
    if counts["drafts"]:
        rows = drafts.only("pk", "title").order_by("-updated_at", "-pk")[:LISTED]
        todos.append(
            Todo(
                "activities.drafts",
                _("Drafts to finish"),
                counts["drafts"],
                f"{listed}?status=draft",
                items=tuple(TodoItem(r.title, r.get_absolute_url()) for r in rows),
            )
        )
    return todos


def _return_note(reason: str) -> str:
    label = pgettext("return reason", "Reason:")  # outside the f-string, where makemessages reads it
    return f"{label} {Truncator(reason).chars(120)}" if reason else ""


def review_todos(today: datetime.date) -> list[Todo]:
    """Staff's review queue by how long each report has waited, and the colleges silent this calendar month."""
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    three_days, a_week = midnight - datetime.timedelta(days=3), midnight - datetime.timedelta(days=7)
    start, end = month_bounds(today)
    waiting = ActivityReport.objects.filter(status=Status.SUBMITTED)
    counts = bounded_counts(
        today=waiting.filter(submitted_at__gte=midnight),
        recent=waiting.filter(submitted_at__gte=three_days, submitted_at__lt=midnight),
        week=waiting.filter(submitted_at__gte=a_week, submitted_at__lt=three_days),
        # A report without a submission time (filed before the time was recorded) has waited longest.
        older=waiting.filter(Q(submitted_at__lt=a_week) | Q(submitted_at__isnull=True)),
        silent=silent_colleges(start, end),
    )
    review = reverse("activities:review")
    # The queue by age: a report waiting over a week is late (the last bucket).
    buckets = (
        TodoItem(_("Submitted today"), review, str(counts["today"])),
        TodoItem(_("1–3 days ago"), review, str(counts["recent"])),
        TodoItem(_("4–7 days ago"), review, str(counts["week"])),
        TodoItem(_("Over a week ago"), review, str(counts["older"]), urgent=bool(counts["older"])),
    )
    waiting_total = counts["today"] + counts["recent"] + counts["week"] + counts["older"]
    todos = [
        Todo(
            "activities.review",
            _("Reports waiting for review"),
            waiting_total,
            review,
            urgent=bool(counts["older"]),
            items=buckets,
        )
    ]
    if counts["silent"]:
        rows = silent_colleges(start, end).only("pk", "code", "name")[:SILENT_LISTED]
        todos.append(
            Todo(
                "activities.silent",
                _("No report filed in month %(month)s") % {"month": today.month},
                counts["silent"],
                reverse("colleges:list"),
                items=tuple(TodoItem(college.name, college.get_absolute_url()) for college in rows),
            )
        )
    return todos


def silent_colleges(start: datetime.datetime, end: datetime.datetime):
    """The active colleges that have created no report in [start, end), in the school's order."""
    filed = ActivityReport.objects.filter(college=OuterRef("pk"), created_at__gte=start, created_at__lt=end)
    return College.objects.active().filter(~Exists(filed)).order_by("order", "code")


def month_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local calendar month of `today` as [start, end) aware datetimes."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=31)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()))
