"""Delivering the outbox: e-mails and chat-group messages. Each is claimed with a conditional UPDATE before it is
sent, so two workers (or a redelivered message) never send it twice; a claim left behind by a killed worker is
taken over after a while. A transient failure puts it back in the outbox for the next sweep (a minute later, so
retries back off at the sweep's pace); a permanent one marks it failed for staff to send again."""

from __future__ import annotations

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from colleges.access import memberships_of
from core.outbound import OutboundError
from core.scoping import every_school

from . import emails, problems, webhooks
from .models import Email, EmailState, GroupMessage, Notification
from .secrets import SecretLost, reveal
from .services import send_soon, single_line

logger = logging.getLogger(__name__)


def stale_claim() -> datetime.timedelta:
    """How long a claim may be held before another worker takes the e-mail over (its worker was killed)."""
    return datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS)


MAX_ATTEMPTS = 5
TRANSIENT = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPDataError,
    ConnectionError,
    TimeoutError,
)


def is_transient(error: Exception) -> bool:
    """Worth another try later: the mail server or the network was away. Anything else (a refused address, a
    header Django will not send, a bug) fails the same way every time."""
    if isinstance(error, TRANSIENT):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False  # the server refused this message itself
    return isinstance(error, OSError)  # name resolution, TLS, a socket error


def _claimable(now) -> Q:
    # A claim held too long was left by a killed worker; one that has been taken over MAX_ATTEMPTS times is
    # given up (see send_pending_emails) rather than handed to the next worker forever.
    due = Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    return (Q(state=EmailState.PENDING) & due) | Q(
        state=EmailState.SENDING, claimed_at__lt=now - stale_claim(), attempts__lt=MAX_ATTEMPTS
    )


def backoff(attempts: int) -> datetime.timedelta:
    """How long a row waits after its `attempts`-th transient failure: 1, 2, 4, 8 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def claim(email_id: int, model=Email) -> bool:
    now = timezone.now()
    return bool(
        model.objects.filter(_claimable(now), pk=email_id).update(
            state=EmailState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _deliver(model, row_id: int, send, transient) -> str:
    """Send one outbox row with `send(row)` if this caller wins its claim. Returns its state afterwards. Every
    outcome is written on the row: sent, back in the outbox (a transient error), or failed for staff to see."""
    if not claim(row_id, model):
        return "skipped"
    row = model.objects.get(pk=row_id)
    try:
        send(row)
    except Exception as error:
        if transient(error):
            state = EmailState.FAILED if row.attempts >= MAX_ATTEMPTS else EmailState.PENDING
            logger.warning("%s %s not sent (%s); state %s", model.__name__, row_id, problems.technical(error), state)
        else:
            state = EmailState.FAILED
            logger.error("%s %s cannot be sent: %s", model.__name__, row_id, problems.technical(error))
        retry_after = timezone.now() + backoff(row.attempts) if state == EmailState.PENDING else None
        model.objects.filter(pk=row_id).update(
            state=state,
            last_error=problems.explain(error),
            error_detail=problems.technical(error),
            retry_after=retry_after,
        )
        return state
    model.objects.filter(pk=row_id).update(
        state=EmailState.SENT, sent_at=timezone.now(), last_error="", error_detail=""
    )
    return EmailState.SENT


def _send_email(email: Email) -> None:
    # The subject is cleaned again here for rows written before subjects were cleaned on the way in.
    headers = {
        # Written by the portal, not a person: no out-of-office or other automatic answer is due (RFC 3834).
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        "Message-ID": make_msgid(idstring=f"gkw{email.pk}", domain=settings.MAIL_DOMAIN),
    }
    message = EmailMultiAlternatives(single_line(email.subject), email.body, None, [email.to], headers=headers)
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def deliver(email_id: int) -> str:
    """Send one e-mail if this caller wins its claim."""
    return _deliver(Email, email_id, _send_email, is_transient)


def _post_group_message(message: GroupMessage) -> None:
    webhook = message.webhook
    try:
        url, secret = reveal(webhook.encrypted_url), reveal(webhook.encrypted_secret)
    except SecretLost as error:
        raise webhooks.WebhookError(
            "The robot's address can no longer be decrypted.", transient=False, reason="secret"
        ) from error
    webhooks.post(webhooks.build_request(webhook.platform, url, secret, message.title, message.text))


def deliver_group_message(message_id: int) -> str:
    """Post one message to its group if this caller wins its claim."""
    with every_school():  # an outbox delivered by id: the message already names its school's robot
        return _deliver(
            GroupMessage,
            message_id,
            _post_group_message,
            lambda error: isinstance(error, OutboundError) and error.transient,
        )


def _sweep(model, deliver_one, limit: int) -> int:
    now = timezone.now()
    model.objects.filter(
        state=EmailState.SENDING, claimed_at__lt=now - stale_claim(), attempts__gte=MAX_ATTEMPTS
    ).update(
        state=EmailState.FAILED,
        last_error=problems.worker_stopped(MAX_ATTEMPTS),
        error_detail=f"Its worker stopped during each of {MAX_ATTEMPTS} attempts.",
    )
    waiting = model.objects.filter(_claimable(now)).order_by("created_at", "pk").values_list("pk", flat=True)[:limit]
    return sum(1 for row_id in list(waiting) if deliver_one(row_id) == EmailState.SENT)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_emails(limit: int = 500) -> int:
    """The sweep: send what waits in the outbox (also what a killed worker left half-claimed). Safe to overlap."""
    return _sweep(Email, deliver, limit)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_group_messages(limit: int = 200) -> int:
    """The same sweep for the chat groups' messages."""
    with every_school():  # every school's waiting messages, each to its own school's robot
        return _sweep(GroupMessage, deliver_group_message, limit)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_daily_digests() -> int:
    """One e-mail per person who chose the daily digest, gathering what waited for it. Each notification is taken
    out of the digest in the transaction that queues its e-mail, so a rerun or an overlapping run sends nothing
    twice."""
    users = Notification.objects.filter(in_next_digest=True).values_list("user", flat=True).distinct().order_by("user")
    queued = 0
    for user_id in list(users):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update()
                .filter(user_id=user_id, in_next_digest=True)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not waiting:
                continue  # another run took them
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(in_next_digest=False)
            user = waiting[0].user
            if not user.is_active or not user.email:
                continue
            subject, text, html = emails.render_digest(user, waiting)
            # The recipient's school's outbox lists it (this task runs for the whole installation).
            school = next((role.institution_id for role in memberships_of(user) if role.institution_id), None)
            Email.objects.create(institution_id=school, to=user.email, subject=subject, body=text, html_body=html)
            queued += 1
    if queued:
        send_soon()
    return queued
