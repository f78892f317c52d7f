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


def claim(email_id: int) -> bool:
    now = timezone.now()
    return bool(
        Email.objects.filter(
            Q(state=EmailState.PENDING) | Q(state=EmailState.SENDING, claimed_at__lt=now - stale_claim()),
            pk=email_id,
        ).update(state=EmailState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def deliver(email_id: int) -> str:
    """Send one e-mail if this caller wins its claim. Returns its state afterwards."""
    if not claim(email_id):
        return "skipped"
    email = Email.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except TRANSIENT as error:
        state = EmailState.FAILED if email.attempts >= MAX_ATTEMPTS else EmailState.PENDING
        Email.objects.filter(pk=email_id).update(state=state, last_error=str(error))
        logger.warning("E-mail %s not sent (%s); state %s", email_id, error, state)
        return state
    except smtplib.SMTPException as error:
        # The server refused this message itself (a bad address): sending it again will not help.
        Email.objects.filter(pk=email_id).update(state=EmailState.FAILED, last_error=str(error))
        return EmailState.FAILED
    Email.objects.filter(pk=email_id).update(state=EmailState.SENT, sent_at=timezone.now(), last_error="")
    return EmailState.SENT


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_emails(limit: int = 500) -> int:
    """The sweep: send what waits in the outbox (also what a killed worker left half-claimed). Safe to overlap."""
    now = timezone.now()
    waiting = (
        Email.objects.filter(
            Q(state=EmailState.PENDING) | Q(state=EmailState.SENDING, claimed_at__lt=now - stale_claim())
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for email_id in list(waiting) if deliver(email_id) == EmailState.SENT)
