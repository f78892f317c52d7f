"""What waits for a person in the notifications (core.todos): for those who keep the outbox (staff and
administrators), the e-mails and chat-group messages that failed, which they can send again once the cause is
fixed (notifications:system)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from colleges.access import access_for, reviews
from core.keyset import bounded_counts
from core.todos import Todo

from .models import Email, EmailState, GroupMessage


def home_todos(user, today: datetime.date) -> list[Todo]:
    if not reviews(access_for(user)):
        return []
    counts = bounded_counts(
        emails=Email.objects.filter(state=EmailState.FAILED),
        messages=GroupMessage.objects.filter(state=EmailState.FAILED),
    )
    return [
        Todo(
            "notifications.failed",
            _("E-mails and group messages that failed"),
            counts["emails"] + counts["messages"],
            reverse("notifications:system"),
            urgent=True,
        )
    ]
