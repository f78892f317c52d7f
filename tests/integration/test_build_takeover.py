"""With a real Redis and real workers: a worker killed in the middle of building a file leaves the build to the
next worker, which takes it over and finishes it — for every kind of file built in the background (they share
core/jobs.py). The first worker holds each build it claims (tests/integration/holding_worker.py) until it is
killed. These tests start processes and wait for them; they take tens of seconds."""

import time

import pytest

from activities import tasks as report_tasks
from activities.models import ReportExport
from core.jobs import JobState
from dashboard import tasks as dashboard_tasks
from dashboard.models import AnnualExport
from publicity import tasks as publicity_tasks
from publicity.models import YearArchive
from region import tasks as region_tasks
from region.models import SummaryExport

from ..region.builders import build_reviewed_world
from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def killed_mid_build_then_taken_over(workers, tmp_path, model, request, sweep):
    hold = tmp_path / "hold-builds"
    hold.touch()
    first = workers.start(hold_file=hold)
    job, outcome = request()
    assert outcome == "created"

    def held():
        job.refresh_from_db()
        return job.state == JobState.RUNNING and job.progress == 1

    wait_for(held, 30, what="the first worker to claim and start the build")
    workers.kill(first)
    time.sleep(4)  # past the claim's staleness and the broker's visibility timeout
    job.refresh_from_db()
    assert (job.state, job.attempts, job.file.name) == (JobState.RUNNING, 1, "")  # what a dead worker leaves

    workers.start()
    sweep.delay()  # what the beat schedule does every five minutes
    wait_for(lambda: model.objects.get(pk=job.pk).state == JobState.DONE, 60, what="the next worker to finish it")
    hold.unlink()
    job.refresh_from_db()
    assert (job.progress, job.attempts, job.error) == (100, 2, "")
    with job.file.open("rb") as handle:
        assert handle.read(2) == b"PK"  # a workbook or a zip, whole
    return job


def test_an_annual_summary_whose_worker_was_killed_is_finished_by_the_next(users, workers, tmp_path):
    killed_mid_build_then_taken_over(
        workers,
        tmp_path,
        AnnualExport,
        lambda: dashboard_tasks.request_export(2022, "xlsx", users["office"]),
        dashboard_tasks.resend_waiting_exports,
    )


def test_a_report_export_whose_worker_was_killed_is_finished_by_the_next(users, workers, tmp_path):
    killed_mid_build_then_taken_over(
        workers,
        tmp_path,
        ReportExport,
        lambda: report_tasks.request_report_export(users["staff"], "", None),
        report_tasks.resend_waiting_report_exports,
    )


def test_a_region_review_summary_whose_worker_was_killed_is_finished_by_the_next(users, workers, tmp_path):
    world = build_reviewed_world(users["staff"])
    killed_mid_build_then_taken_over(
        workers,
        tmp_path,
        SummaryExport,
        lambda: region_tasks.request_summary(world.region, "xlsx", world.lead),
        region_tasks.resend_waiting_summaries,
    )


def test_a_year_archive_whose_worker_was_killed_is_finished_by_the_next(users, workers, tmp_path):
    build = killed_mid_build_then_taken_over(
        workers,
        tmp_path,
        YearArchive,
        lambda: publicity_tasks.request_archive(2022, users["staff"]),
        publicity_tasks.resend_waiting_archives,
    )
    assert len(build.sha256) == 64
