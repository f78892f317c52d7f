"""Telling people: an in-app notification always; an e-mail through the outbox when the person has an address and
wants one for that kind of notice (at once or in the day's digest); a message to the college's chat groups.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import role_holders
from colleges.models import College
from core.background import send_after_commit
from core.errors import Refused
from core.scoping import CurrentSchool

from . import emails
from .access import COLLEGE_SECRETARIES, posts_to_committee_groups
from .models import (
    ContactDetails,
    Email,
    EmailChoice,
    EmailPreference,
    EmailState,
    GroupMessage,
    GroupWebhook,
    NoticeKind,
    Notification,
)
from .robot_markdown import group_markdown
from .secrets import conceal

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


absolute = emails.absolute


def email_choices(users) -> dict[tuple[int, str], str]:
    """{(user id, kind): choice} for the people who chose something other than an e-mail at once."""
    rows = EmailPreference.objects.filter(user__in=[user.pk for user in users])
    return {(row.user_id, row.kind): row.choice for row in rows}


def notify(
    users: Iterable,
    title: str,
    body: str = "",
    link: str = "",
    *,
    kind: str = NoticeKind.NOTICES,
    facts: Sequence[tuple[str, str]] = (),
    email: bool = True,
    dedupe_key: str = "",
):
    """Write one notification per user (skipping those who already have `dedupe_key`) and queue their e-mails as
    each person chose for this `kind`. `facts` (label, value) are the event's particulars for the e-mail: the
    college, the report's title, its date.

    Runs inside the caller's transaction: the notifications exist exactly when the event they report does.
    """
    title = subject_line(title)
    users = [user for user in users if user.is_active]
    choices = email_choices(users) if email else {}
    created = []
    queued = False
    for user in users:
        choice = choices.get((user.pk, kind), EmailChoice.NOW) if email and user.email else EmailChoice.NEVER
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    title=title,
                    body=body,
                    link=link,
                    kind=kind,
                    dedupe_key=dedupe_key,
                    in_next_digest=choice == EmailChoice.DIGEST,
                )
        except IntegrityError:
            continue  # this reminder was already given to this person
        created.append(notification)
        if choice == EmailChoice.NOW:
            text, html = emails.render_notification(user, title, body, link, facts)
            Email.objects.create(notification=notification, to=user.email, subject=title, body=text, html_body=html)
            queued = True
    if queued:
        send_soon()
    return created


def send_soon() -> None:
    """Ask a worker to send the outbox now; if the broker is away, the periodic sweep sends it later."""
    from .tasks import send_pending_emails  # tasks imports this module: not at the top

    send_after_commit(send_pending_emails)


def post_to_groups(college: College | None, title: str, body: str = "", link: str = "", *, dedupe_key: str = ""):
    """Queue a markdown message for the college's chat groups (None: the committee office's), once per event."""
    return _post(GroupWebhook.objects.filter(college=college, active=True), title, body, link, dedupe_key)


def post_to_colleges(colleges: Iterable[College], title: str, body: str = "", link: str = "", *, dedupe_key: str = ""):
    """The same message to the chat groups of several colleges (a notice to them), found in one query."""
    webhooks = GroupWebhook.objects.filter(college__in=[college.pk for college in colleges], active=True)
    return _post(webhooks, title, body, link, dedupe_key)


def _post(webhooks, title: str, body: str, link: str, dedupe_key: str) -> int:
    title = subject_line(title)
    posted = 0
    for webhook in webhooks:
        try:
            with transaction.atomic():
                GroupMessage.objects.create(
                    webhook=webhook, title=title, text=group_markdown(title, body, link), dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # this event was already posted to this group
        posted += 1
    if posted:
        from .tasks import send_pending_group_messages  # tasks imports this module: not at the top

        send_after_commit(send_pending_group_messages)
    return posted


def users_with_role(role: str, college: College | None = None):
    # With their membership: each e-mail's footer names the person's role and college (no query per person).
    # The scope's school's people with the role: a school's staff never hear of another school's reports.
    return role_holders(role, college_id=college.pk if college is not None else None)


def notify_college(college: College, title: str, body: str = "", link: str = "", *, group: bool = True, **options):
    """The college's secretaries hear about their college's reports, assessment and reminders; so do its chat
    groups, unless `group` is False."""
    told = notify(users_with_role(COLLEGE_SECRETARIES, college), title, body, link, **options)
    if group:
        post_to_groups(college, subject_line(title), body, link, dedupe_key=options.get("dedupe_key", ""))
    return told


def notify_role(role: str, title: str, body: str = "", link: str = "", **options):
    """Everyone with the role; what staff hear also goes to the committee office's chat groups."""
    told = notify(users_with_role(role), title, body, link, **options)
    if posts_to_committee_groups(role):
        post_to_groups(None, subject_line(title), body, link, dedupe_key=options.get("dedupe_key", ""))
    return told


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


# ---- A person's own settings -------------------------------------------------------------------------------

CONFIRM_SALT = "gkw-confirm-email"
CONFIRM_MAX_AGE = 2 * 24 * 3600


class StaleWrite(Refused):
    """The row changed since the page was rendered: someone (perhaps the same person in another tab) saved first."""


def saved_contact(user) -> ContactDetails:
    """The person's contact details as saved, or an unsaved blank (version 1) if they never saved any: reading
    the settings page writes nothing."""
    return ContactDetails.objects.filter(user=user).first() or ContactDetails(user=user)


@transaction.atomic
def save_my_settings(user, *, name: str, email: str, mobile: str | None, choices: dict[str, str], version: int) -> str:
    """Save what a person set for themselves (`mobile` None keeps the saved number). A new e-mail address only
    takes effect once confirmed: the address waiting for confirmation is returned ("" when nothing waits)."""
    contact, _created = ContactDetails.objects.get_or_create(user=user)
    changes = {"version": F("version") + 1} | ({"mobile": mobile} if mobile is not None else {})
    claimed = ContactDetails.objects.filter(pk=contact.pk, version=version).update(**changes)
    if not claimed:
        raise StaleWrite(_("Your settings were changed in another window; here they are as saved now."))
    get_user_model().objects.filter(pk=user.pk).update(first_name=name, last_name="")
    for kind, choice in choices.items():
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"choice": choice})
    if email == user.email:
        return ""
    if not email:
        get_user_model().objects.filter(pk=user.pk).update(email="")
        return ""
    token = signing.dumps({"user": user.pk, "email": email, "was": user.email}, salt=CONFIRM_SALT)
    subject, text, html = emails.render_address_confirmation(
        user, email, reverse("notifications:confirm_email", args=[token])
    )
    Email.objects.create(to=email, subject=subject, body=text, html_body=html)
    send_soon()
    return email


def confirmed_address(user, token: str) -> str | None:
    """The address a confirmation link carries, if the link is this person's, unexpired and still current."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk or data.get("was") != user.email:
        return None
    email = data.get("email")
    return email if isinstance(email, str) and email else None


def confirm_address(user, token: str) -> str | None:
    email = confirmed_address(user, token)
    if email is not None:
        get_user_model().objects.filter(pk=user.pk, email=user.email).update(email=email)
    return email


# ---- The chat groups' robots ---------------------------------------------------------------------------------


def address_hint(url: str) -> str:
    """What staff see of a saved address: its host and the last four characters of its key."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.hostname} …{parts.query[-4:]}" if parts.query else str(parts.hostname)


def save_webhook(webhook: GroupWebhook, *, url: str, secret: str, version: int | None) -> GroupWebhook:
    """Create or update a robot; an empty `url` or `secret` on an update keeps the saved one."""
    if url:
        webhook.encrypted_url = conceal(url)
        webhook.hint = address_hint(url)
    if secret:
        webhook.encrypted_secret = conceal(secret)
    if webhook.pk is None:
        webhook.save()
        return webhook
    fields = {
        "college": webhook.college,
        "platform": webhook.platform,
        "active": webhook.active,
        "encrypted_url": webhook.encrypted_url,
        "encrypted_secret": webhook.encrypted_secret,
        "hint": webhook.hint,
        "updated_at": timezone.now(),
    }
    if not GroupWebhook.objects.filter(pk=webhook.pk, version=version).update(**fields, version=F("version") + 1):
        raise StaleWrite(_("Someone changed this robot after you opened the page. Please open it again."))
    webhook.refresh_from_db()
    return webhook


def delete_webhook(webhook: GroupWebhook, version: int | None) -> None:
    deleted, _rows = GroupWebhook.objects.filter(pk=webhook.pk, version=version).delete()
    if not deleted:
        raise StaleWrite(_("Someone changed this robot after you opened the page; it was not removed."))


def send_test_message(webhook: GroupWebhook) -> None:
    GroupMessage.objects.create(
        webhook=webhook,
        title=_("Test message from the GKW Portal"),
        text=group_markdown(
            _("Test message from the GKW Portal"),
            _("This group will hear about %(whom)s.") % {"whom": webhook.college or _("the committee office")},
            "/",
        ),
    )
    from .tasks import send_pending_group_messages  # tasks imports this module: not at the top

    send_after_commit(send_pending_group_messages)


def school_outbox():
    """The e-mails of the school whose scope is in force (the installation's outbox holds every school's): what
    its staff read in the outbox and may send again. Raises ScopeError outside one school's scope."""
    return Email.objects.filter(institution_id=CurrentSchool())


def resend_failed() -> int:
    """Put the school's failed e-mails and group messages back in the outbox, e.g. after the settings were
    corrected."""
    again = {"state": EmailState.PENDING, "attempts": 0, "retry_after": None}
    count = school_outbox().filter(state=EmailState.FAILED).update(**again)
    messages = GroupMessage.objects.filter(state=EmailState.FAILED).update(**again)
    if count:
        send_soon()
    if messages:
        from .tasks import send_pending_group_messages  # tasks imports this module: not at the top

        send_after_commit(send_pending_group_messages)
    return count + messages
