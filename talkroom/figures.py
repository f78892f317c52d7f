"""The 谈心屋's figures (issue 28, item 3): counts only, never a word of a message. Per college: the students'
messages received, the threads answered, and the median hours to the first answer; in three queries whatever the
number of colleges or threads."""

from __future__ import annotations

from django.db.models import Count, Q

from care import rules
from core.cache import cached

from .models import Message, Thread


def summary(threads) -> dict:
    """Per college with threads among `threads` (a queryset already cut to what the reader may see), and in total:
    threads, messages received, threads answered, median hours to the first answer."""
    rows = {
        row["college_id"]: {**row, "received": 0, "waits": []}
        for row in threads.order_by()
        .values("college_id", "college__name", "college__order", "college__code")
        .annotate(threads=Count("pk"), answered=Count("pk", filter=~Q(first_answered_at=None)))
    }
    received = (
        Message.objects.filter(thread__in=threads.values("pk"), author=None)
        .order_by()
        .values_list("thread__college_id")
        .annotate(n=Count("pk"))
    )
    for college_id, n in received:
        rows[college_id]["received"] = n
    for college_id, created, answered in threads.exclude(first_answered_at=None).values_list(
        "college_id", "created_at", "first_answered_at"
    ):
        rows[college_id]["waits"].append((answered - created).total_seconds() / 3600)
    ordered = sorted(rows.values(), key=lambda row: (row["college__order"], row["college__code"]))
    every_wait = [wait for row in ordered for wait in row["waits"]]
    return {
        "rows": [
            {
                "college": row["college__name"],
                "threads": row["threads"],
                "received": row["received"],
                "answered": row["answered"],
                "median_hours": rules.median_days(row["waits"]),
            }
            for row in ordered
        ],
        "total": {
            "threads": sum(row["threads"] for row in ordered),
            "received": sum(row["received"] for row in ordered),
            "answered": sum(row["answered"] for row in ordered),
            "median_hours": rules.median_days(every_wait),
        },
    }


def school_summary(year: int) -> dict:
    """The school's 谈心屋 figures of a year, cached: for the dashboard and the annual summary (counts only)."""
    return cached(
        f"talk-summary-{year}", lambda: {"year": year, **summary(Thread.objects.filter(created_at__year=year))}
    )
