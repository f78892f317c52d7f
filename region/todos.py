"""What waits for a person in the region (core.todos).

- A member school's region contact: the school's applications still to fill in and submit (returned ones urgent,
  with the reason).
- A reviewer: the applications assigned to them that they have not scored yet.
- The lead (the school's committee staff): applications submitted and waiting to be checked (returned or taken
  into the review), and results recorded but not yet published.
The party office and the provincial committee only read.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.keyset import bounded_counts
from core.todos import LISTED, Todo, TodoItem

from . import access as region_access
from .models import AssignmentStatus, Status


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if region_access.leads(access):
        return lead_todos(user)
    if region_access.is_contact(access):
        return contact_todos(user)
    if region_access.is_reviewer(access):
        return reviewer_todos(user)
    return []


def _items(applications) -> tuple[TodoItem, ...]:
    return tuple(
        TodoItem(
            str(a),
            a.get_absolute_url(),
            Truncator(a.return_reason).chars(120) if a.status == Status.RETURNED else a.get_status_display(),
            urgent=a.status == Status.RETURNED,
        )
        for a in applications
    )


def contact_todos(user) -> list[Todo]:
    open_ = region_access.own_applications(user).filter(status__in=[Status.DRAFT, Status.RETURNED])
    counts = bounded_counts(open=open_, returned=open_.filter(status=Status.RETURNED))
    if not counts["open"]:
        return []
    rows = open_.order_by("-region__year", "pk")[:LISTED]
    return [
        Todo(
            "region.applications",
            _("Applications to fill in and submit"),
            counts["open"],
            reverse("region:home"),
            urgent=bool(counts["returned"]),
            items=_items(rows),
        )
    ]


def reviewer_todos(user) -> list[Todo]:
    pending = region_access.own_reviews(user).filter(status=AssignmentStatus.PENDING)
    count = bounded_counts(pending=pending)["pending"]
    if not count:
        return []
    rows = pending.select_related("round").order_by("round__deadline", "pk")[:LISTED]
    return [
        Todo(
            "region.reviews",
            _("Applications to score"),
            count,
            reverse("region:home"),
            items=tuple(
                TodoItem(
                    str(a.application),
                    a.get_absolute_url(),
                    pgettext("deadline", "by %(date)s") % {"date": f"{a.round.deadline:%Y-%m-%d}"},
                )
                for a in rows
            ),
        )
    ]


def lead_todos(user) -> list[Todo]:
    # The regions the user's school leads, not every region of the installation (issue 27).
    applications = region_access.visible_applications(user)
    submitted = applications.filter(status=Status.SUBMITTED)
    reviewed = applications.filter(status=Status.REVIEWED)
    counts = bounded_counts(submitted=submitted, reviewed=reviewed)
    todos = []
    for key, label, rows, count in (
        ("region.check", _("Applications submitted, to check"), submitted, counts["submitted"]),
        ("region.publish", _("Review results to publish"), reviewed, counts["reviewed"]),
    ):
        if count:
            listed = rows.order_by("submitted_at", "pk")[:LISTED]
            todos.append(Todo(key, label, count, reverse("region:home"), items=_items(listed)))
    return todos
