"""Delivering the outbox. Each e-mail is claimed with a conditional UPDATE before it is sent, so two workers (or
a redelivered message) never send it twice; a claim left behind by a killed worker is taken over after a while."""

from __future__ import annotations

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from .models import Email, EmailState
from .services import single_line

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
    return Q(state=EmailState.PENDING) | Q(
        state=EmailState.SENDING, claimed_at__lt=now - stale_claim(), attempts__lt=MAX_ATTEMPTS
    )


def claim(email_id: int) -> bool:
    now = timezone.now()
    return bool(
        Email.objects.filter(_claimable(now), pk=email_id).update(
            state=EmailState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def deliver(email_id: int) -> str:
    """Send one e-mail if this caller wins its claim. Returns its state afterwards. Every outcome is written on
    the row: sent, back in the outbox (a transient error), or failed for staff to see and send again."""
    if not claim(email_id):
        return "skipped"
    email = Email.objects.get(pk=email_id)
    try:
        # Cleaned again here for rows written before subjects were cleaned on the way in.
        send_mail(single_line(email.subject), email.body, None, [email.to])
    except Exception as error:
        if is_transient(error):
            state = EmailState.FAILED if email.attempts >= MAX_ATTEMPTS else EmailState.PENDING
            logger.warning("E-mail %s not sent (%s); state %s", email_id, error, state)
        else:
            state = EmailState.FAILED
            logger.error("E-mail %s cannot be sent: %r", email_id, error)
        Email.objects.filter(pk=email_id).update(state=state, last_error=f"{type(error).__name__}: {error}")
        return state
    Email.objects.filter(pk=email_id).update(state=EmailState.SENT, sent_at=timezone.now(), last_error="")
    return EmailState.SENT


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_emails(limit: int = 500) -> int:
    """The sweep: send what waits in the outbox (also what a killed worker left half-claimed). Safe to overlap."""
    now = timezone.now()
    Email.objects.filter(
        state=EmailState.SENDING, claimed_at__lt=now - stale_claim(), attempts__gte=MAX_ATTEMPTS
    ).update(state=EmailState.FAILED, last_error=f"Its worker stopped during each of {MAX_ATTEMPTS} attempts.")
    waiting = Email.objects.filter(_claimable(now)).order_by("created_at", "pk").values_list("pk", flat=True)[:limit]
    return sum(1 for email_id in list(waiting) if deliver(email_id) == EmailState.SENT)
