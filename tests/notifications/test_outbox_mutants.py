"""The outbox's claims, counts and order: what mutation testing showed no test would notice (make mutation)."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Email, EmailState
from notifications.tasks import MAX_ATTEMPTS, claim, deliver, is_transient, send_pending_emails


def outbox(count):
    return [Email.objects.create(to=f"p{n}@gkw.example", subject=f"主题{n}", body="正文") for n in range(count)]


def test_a_fresh_claim_is_not_taken_over_and_a_stale_one_is(db, settings):
    [email] = outbox(1)
    assert claim(email.pk)
    assert not claim(email.pk)  # its worker is still at it: nobody sends it twice
    Email.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - datetime.timedelta(hours=1))
    assert claim(email.pk)  # its worker died: taken over
    email.refresh_from_db()
    assert email.attempts == 2 and email.state == EmailState.SENDING


def test_a_claim_takes_only_its_own_row(db):
    first, second = outbox(2)
    assert claim(first.pk)
    second.refresh_from_db()
    assert (second.state, second.attempts) == (EmailState.PENDING, 0)


def test_the_last_allowed_attempt_fails_for_good_even_on_a_transient_error(db, monkeypatch):
    [email] = outbox(1)
    Email.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)

    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("notifications.tasks._send_email", down)
    assert deliver(email.pk) == EmailState.FAILED  # never retried forever
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS and email.retry_after is None


@pytest.mark.parametrize(
    "error, transient",
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, "busy"), True),
        (smtplib.SMTPDataError(451, "later"), True),
        (ConnectionError("reset"), True),
        (TimeoutError("slow"), True),
        (OSError("no route"), True),
        (smtplib.SMTPRecipientsRefused({"x@y": (550, b"no")}), False),
        (smtplib.SMTPSenderRefused(550, b"no", "from@y"), False),
        (TypeError("a bug"), False),
    ],
)
def test_which_errors_are_worth_another_try(error, transient):
    assert is_transient(error) is transient


def test_the_sweep_sends_the_oldest_first_and_no_more_than_its_limit(db):
    emails = outbox(3)
    for age, email in zip([1, 3, 2], emails, strict=True):
        Email.objects.filter(pk=email.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=age))
    assert send_pending_emails.apply(kwargs={"limit": 2}).result == 2
    assert [m.subject for m in mail.outbox] == ["主题1", "主题2"]
    assert Email.objects.get(pk=emails[0].pk).state == EmailState.PENDING


def test_a_sent_mail_records_when_and_forgets_its_last_error(db, monkeypatch):
    [email] = outbox(1)

    def down(*args, **kwargs):
        raise ConnectionError("reset")

    monkeypatch.setattr("notifications.tasks._send_email", down)
    assert deliver(email.pk) == EmailState.PENDING
    monkeypatch.undo()
    Email.objects.filter(pk=email.pk).update(retry_after=None)
    before = timezone.now()
    assert deliver(email.pk) == EmailState.SENT
    email.refresh_from_db()
    assert email.last_error == email.error_detail == "" and email.sent_at >= before
    assert email.attempts == 2
