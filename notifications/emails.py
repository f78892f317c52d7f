"""The e-mails the portal sends: a greeting, what happened, the facts, a link, and why the person got it.

Each has a plain-text and an HTML part rendered from templates/notifications/email/, in Chinese with Chinese
dates. They are rendered when the e-mail enters the outbox, so what is sent is what the event said then.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from colleges.access import access_for, membership_of
from core.text import chinese_date


def absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def greeting_name(user) -> str:
    return user.get_full_name().strip() or user.get_username()


def why_you_got_it(user) -> str:
    access = access_for(user)
    if not access.has_role:
        return _("You have an account on the GKW Portal.")
    role = access.role_label
    college = membership_of(user).college if access.college_id else None
    if college is not None:
        return _("You are %(role)s of %(college)s on the GKW Portal.") % {"role": role, "college": college.name}
    return _("You are %(role)s on the GKW Portal.") % {"role": role}


def _context(user, **extra):
    return {
        "name": greeting_name(user),
        "why": why_you_got_it(user),
        "settings_url": absolute(reverse("notifications:settings")),
        "site_url": settings.SITE_URL,
        "today": chinese_date(timezone.localdate()),
        **extra,
    }


def render_notification(user, title: str, body: str, link: str, facts: Sequence[tuple[str, str]] = ()):
    """(plain text, HTML) of the e-mail telling `user` about one event."""
    context = _context(user, title=title, body=body, link=absolute(link) if link else "", facts=list(facts))
    return (
        render_to_string("notifications/email/notification.txt", context),
        render_to_string("notifications/email/notification.html", context),
    )


def render_digest(user, notifications) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one e-mail gathering the day's notifications."""
    items = [
        {
            "title": n.title,
            "body": n.body,
            "link": absolute(n.link) if n.link else "",
            "at": date_format(timezone.localtime(n.created_at), "H:i"),
        }
        for n in notifications
    ]
    subject = _("GKW Portal: %(count)d notifications today") % {"count": len(items)}
    context = _context(user, items=items, subject=subject)
    return (
        subject,
        render_to_string("notifications/email/digest.txt", context),
        render_to_string("notifications/email/digest.html", context),
    )


def render_address_confirmation(user, address: str, link: str) -> tuple[str, str, str]:
    subject = _("Please confirm your e-mail address for the GKW Portal")
    context = _context(user, address=address, link=absolute(link), subject=subject)
    return (
        subject,
        render_to_string("notifications/email/confirm_address.txt", context),
        render_to_string("notifications/email/confirm_address.html", context),
    )
