"""The review summary is built with the core's job stack (core/jobs.py): a build whose worker died is taken
over and finishes, one that died on every attempt is failed where the lead sees it, and of many requests for
the same summary one build is made."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from region import tasks
from region.models import ExportState, SummaryExport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_ago(settings):
    return timezone.now() - datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS + 60)


def dead_build(reviewed, heartbeat_at, *, attempts=1):
    """What a killed worker leaves behind: a build at 10 %, claimed, that nobody is working on."""
    return SummaryExport.objects.create(
        region=reviewed.region,
        format="xlsx",
        requested_by=reviewed.lead,
        state=ExportState.RUNNING,
        progress=10,
        attempts=attempts,
        heartbeat_at=heartbeat_at,
    )


def test_a_waiting_build_is_claimed_once(reviewed):
    export = SummaryExport.objects.create(region=reviewed.region, format="xlsx", requested_by=reviewed.lead)
    assert tasks.claims.claim(export.pk) == 1
    assert tasks.claims.claim(export.pk) is None  # a duplicated message finds nothing to claim
    export.refresh_from_db()
    assert (export.state, export.attempts) == (ExportState.RUNNING, 1)


def test_a_live_build_is_not_taken_over(reviewed):
    export = dead_build(reviewed, timezone.now())
    assert tasks.claims.claim(export.pk) is None
    assert tasks.resend_waiting_summaries.apply().result == 0


def test_the_sweep_takes_over_a_build_whose_worker_died(reviewed, long_ago):
    export = dead_build(reviewed, long_ago)

    assert tasks.resend_waiting_summaries.apply().result == 1

    export.refresh_from_db()
    assert (export.state, export.progress, export.attempts) == (ExportState.DONE, 100, 2)
    assert export.file.name.endswith(".xlsx")


def test_a_build_that_died_every_time_is_failed_where_the_lead_sees_it(reviewed, long_ago):
    export = dead_build(reviewed, long_ago, attempts=tasks.MAX_ATTEMPTS)

    assert tasks.resend_waiting_summaries.apply().result == 0

    export.refresh_from_db()
    assert export.state == ExportState.FAILED and f"{tasks.MAX_ATTEMPTS}" in export.error


def test_asking_again_while_it_builds_finds_the_same_build(reviewed, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    first, outcome = tasks.request_summary(reviewed.region, "xlsx", reviewed.lead)
    assert outcome == "created"
    second, outcome = tasks.request_summary(reviewed.region, "xlsx", reviewed.lead)
    assert (outcome, second.pk) == ("building", first.pk)
    other, outcome = tasks.request_summary(reviewed.region, "pdf", reviewed.lead)  # another file: its own build
    assert outcome == "created" and other.pk != first.pk
    assert sent == [first.pk, other.pk]


def test_a_new_request_takes_over_a_dead_build(reviewed, long_ago, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    export = dead_build(reviewed, long_ago)
    found, outcome = tasks.request_summary(reviewed.region, "xlsx", reviewed.lead)
    assert (found.pk, outcome, sent) == (export.pk, "restarted", [export.pk])


def test_the_database_keeps_one_active_build_of_a_summary(reviewed):
    SummaryExport.objects.create(region=reviewed.region, format="xlsx", requested_by=reviewed.lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        SummaryExport.objects.create(region=reviewed.region, format="xlsx", requested_by=reviewed.lead)


def test_the_lead_asking_twice_makes_one_build(reviewed, monkeypatch):
    monkeypatch.setattr(tasks, "enqueue", lambda export_id: None)
    client = client_for(reviewed.lead)
    for _ in range(2):
        response = client.post(reverse("region:export_request", args=[reviewed.region.pk]), {"format": "xlsx"})
        assert response.status_code == 302
    assert SummaryExport.objects.count() == 1
