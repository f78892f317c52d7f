"""What people are told, and that every e-mail leaves the outbox exactly once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from activities import services as report_services
from activities.models import Status
from notifications.models import Email, EmailState, Notification, TaskFailure
from notifications.tasks import deliver, send_pending_emails

from ..conftest import make_report


@pytest.fixture
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@example.edu.cn"
        user.save()
    return users


def test_an_approval_tells_the_secretary_in_the_portal_and_by_mail(
    addresses, college_a, as_user, django_capture_on_commit_callbacks
):
    report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED, title="宣讲一")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.transition(report, addresses["staff"], "approve", "", report.version)
    note = Notification.objects.get(user=addresses["sec1"])
    assert note.title == "您的活动报告“宣讲一”已审核通过" and note.link == report.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["sec1@example.edu.cn"]]
    assert "http://127.0.0.1:8000/reports/" in mail.outbox[0].body
    assert Email.objects.get().state == EmailState.SENT
    assert not Notification.objects.filter(user=addresses["sec2"]).exists()


def test_a_return_carries_the_reason(addresses, college_a, django_capture_on_commit_callbacks):
    report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.transition(report, addresses["staff"], "return", "请补充签到表", report.version)
    assert Notification.objects.get(user=addresses["sec1"]).body == "理由：请补充签到表"
    assert "理由：请补充签到表" in mail.outbox[0].body


def test_the_unread_count_shows_and_marking_read_clears_it(addresses, college_a, as_user):
    report = make_report(college_a, addresses["sec1"], status=Status.APPROVED)
    client = as_user("sec1")
    page = client.get(reverse("home")).content.decode()
    assert 'id="unread-count">1<' in page
    note = Notification.objects.get()
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response["Location"] == report.get_absolute_url()
    assert 'id="unread-count"' not in client.get(reverse("home")).content.decode()


def test_nobody_reads_or_marks_anyone_elses_notifications(addresses, college_a, as_user):
    make_report(college_a, addresses["sec1"], status=Status.APPROVED)
    note = Notification.objects.get()
    assert as_user("sec2").post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert "已审核通过" not in as_user("sec2").get(reverse("notifications:list")).content.decode()
    as_user("sec2").post(reverse("notifications:read_all"))
    note.refresh_from_db()
    assert note.read_at is None


def test_a_mail_claimed_once_is_sent_once(addresses, college_a):
    make_report(college_a, addresses["sec1"], status=Status.APPROVED)
    email = Email.objects.get()
    assert deliver(email.pk) == EmailState.SENT
    assert deliver(email.pk) == "skipped"  # the same message delivered twice
    assert send_pending_emails.apply().result == 0
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_killed_worker_is_taken_over_later(addresses, college_a, settings):
    from django.utils import timezone

    make_report(college_a, addresses["sec1"], status=Status.APPROVED)
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(state=EmailState.SENDING, claimed_at=timezone.now())
    assert send_pending_emails.apply().result == 0  # still fresh: its worker may be sending it
    Email.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - datetime.timedelta(minutes=6))
    assert send_pending_emails.apply().result == 1
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_leaves_the_mail_waiting(addresses, college_a, monkeypatch):
    import smtplib

    make_report(college_a, addresses["sec1"], status=Status.APPROVED)

    def down(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "try later")

    monkeypatch.setattr("notifications.tasks._send_email", down)
    assert send_pending_emails.apply().result == 0
    email = Email.objects.get()
    assert email.state == EmailState.PENDING and "try later" in email.error_detail and "邮件服务器" in email.last_error
    monkeypatch.undo()
    assert send_pending_emails.apply().result == 0  # it waits a minute before the next try
    Email.objects.update(retry_after=email.retry_after - datetime.timedelta(minutes=1))
    assert send_pending_emails.apply().result == 1


def test_a_broker_that_is_down_loses_nothing(
    addresses, college_a, as_user, settings, django_capture_on_commit_callbacks
):
    """With the broker unreachable the approval saves, the page answers, and the mail waits for the sweep."""
    from gkw_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(
        task_always_eager=False,
        broker_url="redis://127.0.0.1:9/0",
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        broker_transport_options={"max_retries": 0},
    )
    try:
        report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED)
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user("staff").post(
                reverse("activities:transition", args=[report.pk]),
                {"action": "approve", "version": report.version},
            )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.status == Status.APPROVED
        assert Email.objects.get().state == EmailState.PENDING
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")
    assert send_pending_emails.apply().result == 1  # the broker is back: the sweep sends it, once
    assert len(mail.outbox) == 1


def test_a_task_that_fails_for_good_is_recorded_for_staff(addresses, as_user, monkeypatch):
    from dashboard.models import AnnualExport
    from dashboard.tasks import build_annual_export

    def broken(year, progress=None):
        raise ValueError("表格模板损坏")

    monkeypatch.setattr("dashboard.exports.build_workbook", broken)
    export = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=addresses["staff"])
    # As a worker runs it: the error is not thrown back at the caller, and Celery reports the failure.
    build_annual_export.apply(args=(export.pk,), throw=False)
    export.refresh_from_db()
    # People read what to do; the exception's own words are for the log and the administrators' details.
    assert export.state == "failed" and "表格模板损坏" not in export.error and "请重新申请" in export.error
    failure = TaskFailure.objects.get()
    assert failure.task == "dashboard.tasks.build_annual_export" and "表格模板损坏" in failure.error
    staff_page = as_user("staff").get(reverse("notifications:system")).content.decode()
    assert "表格模板损坏" not in staff_page and failure.summary in staff_page
    assert "表格模板损坏" in as_user("admin").get(reverse("notifications:system")).content.decode()


def test_the_unread_count_stops_at_99_plus(users, as_user):
    Notification.objects.bulk_create(Notification(user=users["sec1"], title=f"通知{n}") for n in range(101))
    client = as_user("sec1")
    assert 'id="unread-count">99+<' in client.get(reverse("notifications:list")).content.decode()
    Notification.objects.filter(pk__in=Notification.objects.values("pk")[:2]).delete()
    assert 'id="unread-count">99<' in client.get(reverse("notifications:list")).content.decode()
