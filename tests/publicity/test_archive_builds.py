"""The year's archive is built with the core's job stack (core/jobs.py): claimed once, a build whose worker died
taken over (by the sweep or a new request) and finished with its checksum, one build of a year at a time."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from publicity import tasks
from publicity.models import ArchiveState, YearArchive

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_ago(settings):
    return timezone.now() - datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS + 60)


def dead_build(users, heartbeat_at, *, attempts=1):
    """What a killed worker leaves behind: a build at 10 %, claimed, that nobody is working on."""
    return YearArchive.objects.create(
        year=2022,
        requested_by=users["staff"],
        state=ArchiveState.RUNNING,
        progress=10,
        attempts=attempts,
        heartbeat_at=heartbeat_at,
    )


def test_a_waiting_build_is_claimed_once(users):
    build = YearArchive.objects.create(year=2022, requested_by=users["staff"])
    assert tasks.claim(build.pk) == 1
    assert tasks.claim(build.pk) is None
    build.refresh_from_db()
    assert (build.state, build.attempts) == (ArchiveState.RUNNING, 1)


def test_a_live_build_is_not_taken_over(users):
    build = dead_build(users, timezone.now())
    assert tasks.claim(build.pk) is None
    assert tasks.resend_waiting_archives.apply().result == 0


def test_the_sweep_takes_over_a_build_whose_worker_died_and_keeps_its_checksum(users, long_ago):
    build = dead_build(users, long_ago)

    assert tasks.resend_waiting_archives.apply().result == 1

    build.refresh_from_db()
    assert (build.state, build.progress, build.attempts) == (ArchiveState.DONE, 100, 2)
    with build.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == build.sha256
    assert build.file_count >= 0 and build.started_at is not None


def test_a_new_request_takes_over_a_dead_build(users, long_ago, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    build = dead_build(users, long_ago)
    found, outcome = tasks.request_archive(2022, users["office"])
    assert (found.pk, outcome, sent) == (build.pk, "restarted", [build.pk])


def test_a_build_that_died_every_time_is_failed_and_a_new_request_starts_afresh(users, long_ago, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    lost = dead_build(users, long_ago, attempts=tasks.MAX_ATTEMPTS)
    fresh, outcome = tasks.request_archive(2022, users["staff"])
    lost.refresh_from_db()
    assert lost.state == ArchiveState.FAILED and lost.error
    assert outcome == "created" and fresh.pk != lost.pk and sent == [fresh.pk]


def test_the_database_keeps_one_active_build_of_a_year(users):
    YearArchive.objects.create(year=2022, requested_by=users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        YearArchive.objects.create(year=2022, requested_by=users["office"])
    YearArchive.objects.create(year=2021, requested_by=users["office"])  # another year: its own build
