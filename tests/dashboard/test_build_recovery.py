"""An annual summary whose worker died is taken over and finishes; nobody is blocked by a dead build, and of
many people asking at once for the same summary exactly one build is made.

A worker killed mid-build (SIGKILL, out of memory) leaves its build "running". Its heartbeat stops, and after
GKW_STALE_CLAIM_SECONDS the sweep, the next delivery of the task or a new request takes it over.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard import exports, tasks
from dashboard.models import AnnualExport, ExportState
from dashboard.tasks import MAX_ATTEMPTS, build_annual_export, claim, resend_waiting_exports

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_ago(settings):
    return timezone.now() - datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS + 60)


def dead_build(users, heartbeat_at, *, attempts=1, export_format="xlsx"):
    """What a killed worker leaves behind: a build at 10 %, claimed, that nobody is working on."""
    return AnnualExport.objects.create(
        year=2022,
        format=export_format,
        requested_by=users["office"],
        state=ExportState.RUNNING,
        progress=10,
        attempts=attempts,
        started_at=timezone.now(),  # the redelivered message came at once and found the claim fresh
        heartbeat_at=heartbeat_at,
    )


def test_the_sweep_takes_over_a_build_whose_worker_died(users, long_ago):
    export = dead_build(users, long_ago)

    assert resend_waiting_exports.apply().result == 1

    export.refresh_from_db()
    assert (export.state, export.progress, export.attempts) == (ExportState.DONE, 100, 2)
    assert export.file.name.endswith(".xlsx")


def test_a_new_request_takes_over_a_dead_build_instead_of_being_refused(
    users, long_ago, as_user, django_capture_on_commit_callbacks
):
    export = dead_build(users, long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("office").post(reverse("dashboard:downloads", args=[2022]), {"format": "xlsx"}, follow=True)

    assert "之前的生成已中断，正在重新生成" in response.content.decode()
    export.refresh_from_db()
    assert export.state == ExportState.DONE
    assert AnnualExport.objects.count() == 1


def test_a_build_with_a_live_worker_is_left_to_it(users, as_user):
    export = dead_build(users, timezone.now())

    assert resend_waiting_exports.apply().result == 0
    build_annual_export.apply(args=(export.pk,))  # a duplicate delivery
    response = as_user("office").post(reverse("dashboard:downloads", args=[2022]), {"format": "xlsx"}, follow=True)

    assert "正在生成" in response.content.decode()
    export.refresh_from_db()
    assert (export.state, export.attempts) == (ExportState.RUNNING, 1)


def test_a_slow_worker_that_was_taken_over_does_not_overwrite_the_newer_attempt(users, long_ago, monkeypatch):
    export = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["office"])

    def slow_build(year, progress):
        progress(10)
        AnnualExport.objects.filter(pk=export.pk).update(heartbeat_at=long_ago)
        assert claim(export.pk) == 2  # meanwhile another worker takes the build over
        progress(50)
        pytest.fail("the first worker went on after losing its claim")

    monkeypatch.setattr(exports, "build_workbook", slow_build)
    build_annual_export.apply(args=(export.pk,))

    export.refresh_from_db()
    assert (export.state, export.attempts, export.progress, export.file.name) == (ExportState.RUNNING, 2, 0, "")


def test_progress_is_a_heartbeat_and_the_reports_sheet_beats_as_it_goes(users, college_a, monkeypatch):
    from ..conftest import make_report

    for number in range(5):
        make_report(college_a, users["sec1"], title=f"活动{number}")
    monkeypatch.setattr(exports, "_HEARTBEAT_ROWS", 2)
    seen = []
    exports.build_workbook(2022, seen.append)
    assert seen.count(40) == 1 + 2  # the step itself, then after rows 2 and 4

    export = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["office"])
    beats = []
    original = exports.build_workbook

    def watched(year, progress):
        def beat(percent):
            progress(percent)
            beats.append(AnnualExport.objects.values_list("heartbeat_at", flat=True).get(pk=export.pk))

        return original(year, beat)

    monkeypatch.setattr(exports, "build_workbook", watched)
    build_annual_export.apply(args=(export.pk,))
    assert len(beats) >= 5 and beats == sorted(beats) and beats[-1] > export.heartbeat_at


def test_a_build_that_kills_its_worker_every_time_is_failed_for_staff_and_a_new_one_can_start(
    users, long_ago, as_user, django_capture_on_commit_callbacks
):
    export = dead_build(users, long_ago, attempts=MAX_ATTEMPTS)

    assert resend_waiting_exports.apply().result == 0
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and f"中断了 {MAX_ATTEMPTS} 次" in export.error
    assert "中断了" in as_user("office").get(reverse("dashboard:downloads", args=[2022])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        as_user("office").post(reverse("dashboard:downloads", args=[2022]), {"format": "xlsx"})
    assert AnnualExport.objects.filter(state=ExportState.DONE).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_people_asking_at_once_make_one_build(users, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(users["office"])
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def ask(client):
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(reverse("dashboard:downloads", args=[2022]), {"format": "pdf"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302] * 8
    assert AnnualExport.objects.count() == 1
    assert sent == [AnnualExport.objects.get().pk]
