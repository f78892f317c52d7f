"""What waits for a person in the assessment (core.todos): staff's assessments submitted for review, and a
secretary's self-assessment of the newest scheme year while it is still theirs to finish, with the days left.

The home never shows a verdict before the review has made one (docs/UX.md, habit 3): once submitted, the
self-assessment is no longer the college's to do and leaves the list.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from colleges.access import access_for, acts_for_own_college, reviews
from colleges.models import College
from core.keyset import BoundedCount, bounded_counts
from core.todos import LISTED, Todo, TodoItem

from .models import Assessment, AssessmentStatus, Scheme

# A deadline this close (in days) makes the self-assessment urgent.
DEADLINE_NEAR = 7


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if acts_for_own_college(access):
        return self_assessment_todos(access.college_id, today)
    if reviews(access):
        return review_todos()
    return []


def review_todos() -> list[Todo]:
    waiting = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
    count = bounded_counts(waiting=waiting)["waiting"]
    if not count:
        return []
    rows = (
        waiting.select_related("college", "scheme")
        .only("pk", "submitted_at", "college__code", "college__name", "scheme__year")
        .order_by("submitted_at", "pk")[:LISTED]
    )
    items = tuple(
        TodoItem(
            f"{a.scheme.year} · {a.college.name}",
            reverse("scoring:assessment", args=[a.scheme.year, a.college.code]),
            f"{a.submitted_at:%Y-%m-%d}" if a.submitted_at else "",
        )
        for a in rows
    )
    return [Todo("scoring.review", _("Assessments waiting for review"), count, reverse("scoring:latest"), items=items)]


def self_assessment_todos(college_id: int, today: datetime.date) -> list[Todo]:
    """The newest scheme's self-assessment of the college while it is open (not started or self-assessing), in one
    query: the scheme with the college's code and its assessment's status beside it."""
    scheme = (
        Scheme.objects.annotate(
            assessment_status=Subquery(
                Assessment.objects.filter(scheme=OuterRef("pk"), college_id=college_id).values("status")[:1]
            ),
            college_code=Subquery(College.objects.filter(pk=college_id).values("code")[:1]),
        )
        .only("pk", "year", "self_assessment_deadline")
        .first()
    )
    if scheme is None or scheme.assessment_status not in (None, AssessmentStatus.SELF):
        return []
    left = days_left(scheme.self_assessment_deadline, today)
    return [
        Todo(
            "scoring.self_assessment",
            _("Self-assessment %(year)s") % {"year": scheme.year},
            BoundedCount(1),
            reverse("scoring:assessment", args=[scheme.year, scheme.college_code]),
            note=deadline_note(scheme.self_assessment_deadline, left),
            urgent=left is not None and left <= DEADLINE_NEAR,
        )
    ]


def days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    """Whole days until the deadline (0 on the day itself, negative once it has passed); None without one."""
    return (deadline - today).days if deadline else None


def deadline_note(deadline: datetime.date | None, left: int | None) -> str:
    if deadline is None or left is None:
        return _("No deadline has been set.")
    when = pgettext("deadline", "Deadline: %(date)s") % {"date": f"{deadline:%Y-%m-%d}"}
    if left < 0:
        passed = pgettext("deadline", "Deadline passed")  # outside the f-string, where makemessages reads it
        return f"{when} · {passed}"
    if left == 0:
        today = pgettext("deadline", "Due today")
        return f"{when} · {today}"
    return f"{when} · " + ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left}
