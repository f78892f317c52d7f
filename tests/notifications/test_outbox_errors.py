"""An e-mail that cannot be sent ends visibly failed, never stuck "sending"; subjects are always one line.

A report titled "Header test\\r\\nBcc: x@example.invalid" once left its approval mail in the outbox as "being
sent" forever: Django refused the header (BadHeaderError), the task crashed, the row was taken over and crashed
again, and staff saw it counted but never listed.
"""

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.urls import reverse

from activities import services as report_services
from activities.models import ActivityReport, Status
from notifications.models import Email, EmailState, Notification, TaskFailure
from notifications.services import notify, single_line
from notifications.tasks import MAX_ATTEMPTS, deliver, send_pending_emails

from ..activities.test_reports import report_form
from ..conftest import make_report

HEADER_INJECTION = "Header test\r\nBcc: x@example.invalid"


@pytest.fixture
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@example.edu.cn"
        user.save()
    return users


def test_a_title_with_a_line_break_is_mailed_on_one_line(addresses, college_a, django_capture_on_commit_callbacks):
    report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED, title=HEADER_INJECTION)

    with django_capture_on_commit_callbacks(execute=True):
        report_services.transition(report, addresses["staff"], "approve", "", report.version)

    email = Email.objects.get()
    assert email.state == EmailState.SENT
    assert email.subject == "您的活动报告“Header test Bcc: x@example.invalid”已审核通过"
    [sent] = mail.outbox
    assert sent.to == ["sec1@example.edu.cn"] and sent.bcc == []
    assert "\n" not in sent.subject and sent.message()["Bcc"] is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a\r\nb", "a b"),
        ("a\nb\rc", "a b c"),
        ("  a\t\tb \x0b\x0c c\x00d\x85e\u2028f  ", "a b c d e f"),
        ("一行标题", "一行标题"),
    ],
)
def test_single_line_collapses_every_break_and_control_character(text, line):
    assert single_line(text) == line


def test_a_title_too_long_for_a_subject_is_clipped(addresses):
    [note] = notify([addresses["sec1"]], "长" * 250)
    assert len(note.title) == 200 and note.title.endswith("…")
    assert Email.objects.get().subject == note.title


def test_a_permanent_error_fails_the_mail_at_once_visibly_and_it_can_be_sent_again(
    addresses, college_a, as_user, monkeypatch, django_capture_on_commit_callbacks
):
    make_report(college_a, addresses["sec1"], status=Status.APPROVED)
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(state=EmailState.PENDING)

    def refuse(*args, **kwargs):
        raise BadHeaderError("Header values can't contain newlines")

    monkeypatch.setattr("notifications.tasks._send_email", refuse)
    assert send_pending_emails.apply().result == 0

    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)
    assert "BadHeaderError" in email.error_detail and "BadHeaderError" not in email.last_error
    assert not TaskFailure.objects.exists()  # the sweep itself did not crash
    page = as_user("staff").get(reverse("notifications:system")).content.decode()
    assert email.subject in page and email.last_error in page and "BadHeaderError" not in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        as_user("staff").post(reverse("notifications:system"))
    email.refresh_from_db()
    assert email.state == EmailState.SENT


def test_an_unexpected_error_is_permanent_and_a_network_error_is_transient(addresses, monkeypatch):
    notify([addresses["sec1"]], "提醒")
    email = Email.objects.get()

    def unreachable(*args, **kwargs):
        raise OSError("Name or service not known")

    monkeypatch.setattr("notifications.tasks._send_email", unreachable)
    assert deliver(email.pk) == EmailState.PENDING
    Email.objects.update(retry_after=None)  # its wait is over

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr("notifications.tasks._send_email", broken)
    assert deliver(email.pk) == EmailState.FAILED


def test_a_mail_whose_worker_keeps_dying_is_given_up_and_shown(addresses, as_user, settings):
    import datetime

    from django.utils import timezone

    notify([addresses["sec1"]], "提醒")
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS + 1)
    Email.objects.update(state=EmailState.SENDING, claimed_at=long_ago, attempts=MAX_ATTEMPTS)

    assert send_pending_emails.apply().result == 0
    email = Email.objects.get()
    assert email.state == EmailState.FAILED and str(MAX_ATTEMPTS) in email.last_error and "停止" in email.last_error
    assert mail.outbox == []


def test_a_sending_mail_is_listed_where_it_is_counted(addresses, as_user):
    notify([addresses["sec1"]], "正在发送的提醒")
    Email.objects.update(state=EmailState.SENDING)
    page = as_user("staff").get(reverse("notifications:system")).content.decode()
    assert "正在发送的提醒" in page


def test_the_report_form_refuses_a_title_with_a_line_break(users, college_a, as_user):
    response = as_user("sec1").post(reverse("activities:create"), report_form(title=HEADER_INJECTION))
    assert response.status_code == 200
    assert "标题只能是一行" in response.content.decode()
    assert not ActivityReport.objects.exists()
    assert not Notification.objects.exists()
