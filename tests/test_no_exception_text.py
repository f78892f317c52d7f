"""No exception text reaches a page: every kind of failure the portal records (a group robot that cannot be
reached or refuses, a mail server that refuses, a background build that raises) is said to people in Chinese, with
what to do; the code's own words stay in the log and, for administrators only, behind a "details" disclosure on
后台任务.

The failures are made for real (the robot's network, the SMTP connection, each app's own build task), then every
page of the permission matrix is read as every persona."""

from __future__ import annotations

import errno
import re
import smtplib
import socket
import urllib.error

import pytest
from django.apps import apps
from django.urls import reverse

from activities.tasks import build_report_export
from core.jobs import BackgroundJob, JobClaims, JobState
from dashboard.tasks import build_annual_export
from notifications import services as notification_services
from notifications.models import Email, EmailState, GroupMessage, GroupWebhook, TaskFailure
from notifications.tasks import deliver, deliver_group_message
from publicity.tasks import build_year_archive
from region.tasks import build_summary

from .test_permissions import url_cases

# Each app's build task, by the job model it builds: a new BackgroundJob model must be added here.
BUILD_TASKS = {
    "activities.ReportExport": build_report_export,
    "dashboard.AnnualExport": build_annual_export,
    "publicity.YearArchive": build_year_archive,
    "region.SummaryExport": build_summary,
}
RAW_TEXTS = ["Name or service not known", "Connection refused", "Input/output error", "errcode", "urlopen"]
TECHNICAL = re.compile(r"\b[A-Z]\w*(?:Error|Exception|Refused)\b|Errno|Traceback")
DETAILS = re.compile(r'<details class="technical-details.*?</details>', re.S)
SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def technical_text(content: str) -> list[str]:
    """The exception class names and raw English error text in a page, outside scripts and styles."""
    text = SCRIPTS.sub("", content)
    return TECHNICAL.findall(text) + [raw for raw in RAW_TEXTS if raw in text]


def test_the_check_finds_what_it_looks_for():
    page = "<p>WebhookError: URLError: <urlopen error [Errno -2] Name or service not known></p>"
    assert technical_text(page)
    assert technical_text("Traceback (most recent call last)") and technical_text("SMTPRecipientsRefused")
    assert technical_text("<script>throw new TypeError()</script><p>群机器人拒收了这条消息。</p>") == []


def concrete_job_models():
    return {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, BackgroundJob) and not model._meta.abstract
    }


@pytest.fixture
def failures(settings, monkeypatch, users, college_a):
    """A robot that cannot be reached, one that refuses, a mail server that refuses the connection and one that
    refuses the address, and every app's background build raising (with its task failure recorded)."""
    unreachable = notification_services.save_webhook(
        GroupWebhook(college=None, platform="wecom"),
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
        secret="",
        version=None,
    )
    refusing = notification_services.save_webhook(
        GroupWebhook(college=None, platform="dingtalk"),
        url="https://oapi.dingtalk.com/robot/send?access_token=2",
        secret="",
        version=None,
    )

    class Network:
        """The outbound client's opener: the name lookup fails for one robot, the other answers 400."""

        def open(self, request, timeout):
            if "key=1" in request.full_url:
                raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))
            raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, None)

    monkeypatch.setattr("core.outbound._OPENER", Network())
    for robot in (unreachable, refusing):
        notification_services.send_test_message(robot)
    for message in GroupMessage.objects.all():
        deliver_group_message(message.pk)

    # A mail server nobody listens on: the connection is refused for real.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    down = Email.objects.create(to="sec1@gkw.example", subject="提醒", body="正文")
    deliver(down.pk)
    refused = Email.objects.create(to="nobody@gkw.example", subject="提醒", body="正文")

    def refuse(email):
        raise smtplib.SMTPRecipientsRefused({email.to: (550, b"5.1.1 User unknown")})

    monkeypatch.setattr("notifications.tasks._send_email", refuse)
    deliver(refused.pk)
    monkeypatch.undo()

    # Every app's build raises (its own task, its own failure message); Celery records the task's failure.
    real_run = JobClaims.run

    def raising_run(self, task, job_id, build, **options):
        def broken(job, progress):
            raise OSError(errno.EIO, "Input/output error")

        return real_run(self, task, job_id, broken, **options)

    monkeypatch.setattr(JobClaims, "run", raising_run)
    return {"unreachable": unreachable, "refusing": refusing, "run_builds": run_failing_builds}


def run_failing_builds():
    assert set(BUILD_TASKS) == concrete_job_models(), "add the new background job's build task to BUILD_TASKS"
    failed = 0
    for label, task in BUILD_TASKS.items():
        model = apps.get_model(label)
        model.objects.update(state=JobState.PENDING, attempts=0)
        for pk in model.objects.values_list("pk", flat=True):
            task.apply(args=[pk], throw=False)
        assert set(model.objects.values_list("state", flat=True)) <= {JobState.FAILED}, label
        failed += model.objects.count()
    return failed


@pytest.mark.parametrize("persona", ["staff", "office", "sec1", "sec2", "admin", "norole"])
def test_no_page_shows_exception_text(persona, failures, plan, users, college_a, report, assessment, export, as_user):
    cases = url_cases(plan, college_a, report, assessment, export)  # the apps' matrix modules make their rows
    assert failures["run_builds"]() >= len(BUILD_TASKS)
    assert TaskFailure.objects.count() >= len(BUILD_TASKS)
    # The failures were recorded in the code's own words, beside what people read.
    assert Email.objects.filter(error_detail__contains="Connection refused", state=EmailState.PENDING).exists()
    assert Email.objects.filter(error_detail__contains="SMTPRecipientsRefused", state=EmailState.FAILED).exists()
    assert GroupMessage.objects.filter(error_detail__contains="Name or service not known").exists()
    assert GroupMessage.objects.filter(error_detail__contains="HTTP 400", state=EmailState.FAILED).exists()

    client = as_user(persona)
    shown = {}
    for name, url, _expected, _write in cases:
        response = client.get(url)
        if response.get("Content-Disposition") or response.status_code != 200:
            continue
        content = b"".join(response) if response.streaming else response.content
        page = content.decode("utf-8", "replace")
        if persona == "admin":
            page = DETAILS.sub("", page)  # the administrators' technical details, checked below
        assert technical_text(page) == [], f"{persona} {name}"
        shown[name] = page

    if persona in {"staff", "admin"}:
        system = shown["notifications:system"]
        for said in [
            "连接不上群机器人的服务器",
            "群机器人的服务器拒收了这条消息",
            "连接不上邮件服务器",
            "邮件服务器拒收了收件人地址",
        ]:
            assert said in system, said
        assert "一项后台任务多次重试后仍未完成" in system
        assert "连接不上群机器人的服务器" in shown["notifications:groups"]
        details = DETAILS.findall(client.get(reverse("notifications:system")).content.decode())
        if persona == "admin":
            assert any("Errno -2" in d for d in details) and any("Input/output error" in d for d in details)
        else:
            assert details == []
    failed_jobs = [page for name, page in shown.items() if "请重新申请" in page]
    if persona in {"staff", "admin"}:
        assert failed_jobs, "a failed build's page or status says what to do"
