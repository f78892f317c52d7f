"""What waits for a person in 整改 (core.todos): a college's secretary, the items still needing a plan and those
past their deadline; committee staff, the items submitted for acceptance, oldest first."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.keyset import bounded_counts
from core.todos import LISTED, Todo, TodoItem

from . import access
from .models import ItemStatus, RectificationItem


def home_todos(user, today: datetime.date) -> list[Todo]:
    reader = access_for(user)
    if access.accepts(reader):
        return _acceptance()
    if access.plans_for(reader, reader.college_id):
        return _college(reader.college_id, today)
    return []


def _item(item, note: str = "", urgent: bool = False) -> TodoItem:
    return TodoItem(
        f"{item.year} · {item.indicator.code} {item.indicator.name}", item.get_absolute_url(), note, urgent
    )


def _acceptance() -> list[Todo]:
    waiting = RectificationItem.objects.filter(status=ItemStatus.SUBMITTED)
    count = bounded_counts(waiting=waiting)["waiting"]
    if not count:
        return []
    rows = waiting.select_related("college", "indicator").order_by("pk")[:LISTED]
    items = tuple(
        TodoItem(f"{i.college.short_name} · {i.indicator.code} {i.indicator.name}", i.get_absolute_url()) for i in rows
    )
    link = reverse("rectification:list") + f"?status={ItemStatus.SUBMITTED}"
    return [
        Todo("rectification.acceptance", _("Rectification items waiting for acceptance"), count, link, items=items)
    ]


def _college(college_id: int, today: datetime.date) -> list[Todo]:
    mine = RectificationItem.objects.filter(college_id=college_id)
    counts = bounded_counts(unplanned=mine.filter(status=ItemStatus.OPEN), overdue=mine.overdue(today))
    todos = []
    link = reverse("rectification:list")
    if counts["overdue"]:
        rows = mine.overdue(today).select_related("indicator").order_by("deadline", "pk")[:LISTED]
        items = tuple(_item(i, f"{i.deadline:%Y-%m-%d}", urgent=True) for i in rows)
        todos.append(
            Todo(
                "rectification.overdue",
                _("Rectification items past their deadline"),
                counts["overdue"],
                link + "?overdue=1",
                urgent=True,
                items=items,
            )
        )
    if counts["unplanned"]:
        rows = mine.filter(status=ItemStatus.OPEN).select_related("indicator").order_by("pk")[:LISTED]
        todos.append(
            Todo(
                "rectification.plan",
                _("Rectification items waiting for a plan"),
                counts["unplanned"],
                link + f"?status={ItemStatus.OPEN}",
                items=tuple(_item(i) for i in rows),
            )
        )
    return todos
