"""Telling people: an in-app notification always, an e-mail through the outbox when the person has an address."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from colleges.models import College, Role
from core.background import send_after_commit

from .models import Email, Notification

# Line breaks, tabs and other control characters, with the spaces around them. In an e-mail subject a line break
# would start a new header (Django refuses to send it: BadHeaderError), so a subject is always one line.
_BREAKS_AND_CONTROLS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
TITLE_LENGTH = Notification._meta.get_field("title").max_length


def single_line(text: str) -> str:
    """`text` on one line: every run of whitespace or control characters becomes a single space."""
    return _BREAKS_AND_CONTROLS.sub(" ", text).strip()


def subject_line(text: str) -> str:
    """A notification title and e-mail subject: one line, clipped to fit (a 200-character report title inside
    "Your report “…” was approved" would not)."""
    text = single_line(text)
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def notify(users: Iterable, title: str, body: str = "", link: str = "", *, email: bool = True, dedupe_key: str = ""):
    """Write one notification per user (skipping those who already have `dedupe_key`) and queue their e-mails.

    Runs inside the caller's transaction: the notifications exist exactly when the event they report does.
    """
    title = subject_line(title)
    created = []
    for user in users:
        if not user.is_active:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, title=title, body=body, link=link, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # this reminder was already given to this person
        created.append(notification)
        if email and user.email:
            text = f"{body}\n\n{absolute(link)}" if link else body
            Email.objects.create(notification=notification, to=user.email, subject=title, body=text)
    if email and any(n.user.email for n in created):
        send_soon()
    return created


def send_soon() -> None:
    """Ask a worker to send the outbox now; if the broker is away, the periodic sweep sends it later."""
    from .tasks import send_pending_emails

    send_after_commit(send_pending_emails)


def users_with_role(role: str, college: College | None = None):
    users = get_user_model().objects.filter(is_active=True, membership__role=role)
    return users.filter(membership__college=college) if college is not None else users


def notify_college(college: College, title: str, body: str = "", link: str = "", **options):
    """The college's secretaries hear about their college's reports, assessment and reminders."""
    return notify(users_with_role(Role.SECRETARY, college), title, body, link, **options)


def notify_role(role: str, title: str, body: str = "", link: str = "", **options):
    return notify(users_with_role(role), title, body, link, **options)


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
