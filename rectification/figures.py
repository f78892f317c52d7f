"""整改 figures: how many items are open, overdue and accepted — counts only, in one query, cached until the next
write (and per day, since an item becomes overdue by the calendar)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from core.cache import cached

from . import rules
from .models import RectificationItem


def counts(items, today: datetime.date) -> dict[str, int]:
    """Open (not yet accepted), overdue and accepted among `items`, in one aggregate query."""
    return items.order_by().aggregate(
        all=Count("pk"),
        open=Count("pk", filter=~Q(status=rules.ACCEPTED)),
        overdue=Count("pk", filter=Q(deadline__lt=today) & ~Q(status__in=rules.HANDED_IN)),
        accepted=Count("pk", filter=Q(status=rules.ACCEPTED)),
    )


def year_counts(year: int, today: datetime.date, college_id: int | None = None) -> dict[str, int]:
    """The counts of the items of a year's assessments: the school's, or one college's."""
    items = RectificationItem.objects.filter(year=year)
    if college_id is not None:
        items = items.filter(college_id=college_id)
    return cached(f"rectification:{year}:{college_id or 'school'}:{today:%Y%m%d}", lambda: counts(items, today))
