"""What the home pages show of the committee's work: a recipient's notices and an owner's open tasks."""

from __future__ import annotations

from django.db.models import Q

from .access import scope_owned
from .models import FollowUpTask, Receipt, TaskStatus

LISTED = 5


def inbox(user, today) -> dict:
    """The user's notices still to read or answer, and their open follow-up tasks (a fixed number of queries)."""
    receipts = scope_owned(Receipt.objects.all(), user).select_related("notice")
    waiting = receipts.filter(
        Q(read_at__isnull=True) | (~Q(notice__reply="none") & Q(replied_at__isnull=True))
    ).order_by("-notice__published_at", "-pk")
    tasks = scope_owned(FollowUpTask.objects.filter(status=TaskStatus.OPEN), user).select_related("decision__meeting")
    return {
        "committee_notices": list(waiting[:LISTED]),
        "committee_notice_count": waiting.count(),
        "committee_tasks": list(tasks.order_by("due_on", "pk")[:LISTED]),
        "committee_task_count": tasks.count(),
        "committee_today": today,
    }
