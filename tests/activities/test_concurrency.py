"""Two reviewers acting on the same report at the same moment: exactly one wins, the other is told.

Run with real transactions and threads, so that on PostgreSQL (CI) the row claim is exercised for real.
"""

import threading

import pytest
from django.db import connection

from activities import services
from activities.models import Action, ActivityReport, Status
from core.errors import Refused
from core.uploads import check_upload

from ..conftest import make_report
from ..helpers import photo_upload, scoped_thread


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("first", "second"), [("approve", "return"), ("approve", "approve"), ("return", "return")])
def test_two_reviewers_at_once_exactly_one_wins(first, second, users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, user, action):
        try:
            stale_copy = ActivityReport.objects.get(pk=report.pk)
            barrier.wait(timeout=10)
            services.transition(stale_copy, user, action, "请补充材料", stale_copy.version)
            outcomes[name] = "won"
        except Refused as error:
            outcomes[name] = error.message
        finally:
            connection.close()

    threads = [
        scoped_thread(act, "staff", users["staff"], first),
        scoped_thread(act, "admin", users["admin"], second),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values(), key=lambda v: v != "won")[0] == "won"
    assert list(outcomes.values()).count("won") == 1, outcomes
    loser_message = next(v for v in outcomes.values() if v != "won")
    assert "Someone else changed this record" in loser_message or "他人刚刚修改了该记录" in loser_message
    report.refresh_from_db()
    reviews = report.events.filter(action__in=[Action.APPROVE, Action.RETURN])
    assert reviews.count() == 1
    assert report.status == {"approve": Status.APPROVED, "return": Status.RETURNED}[reviews.get().action]
    assert report.version == 4  # created 1, its photo 2, submitted 3, the one review 4: the loser wrote nothing


def race(report_pk, jobs) -> dict:
    """Run each job on its own stale copy of the report at the same moment; name -> "won" or the refusal."""
    barrier = threading.Barrier(len(jobs))
    outcomes = {}

    def act(name, job):
        try:
            stale_copy = ActivityReport.objects.get(pk=report_pk)
            barrier.wait(timeout=10)
            job(stale_copy)
            outcomes[name] = "won"
        except Refused as error:
            outcomes[name] = error.message
        finally:
            connection.close()

    threads = [scoped_thread(act, name, job) for name, job in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submit_and_delete_at_once_never_lose_a_submitted_report(users, college_a):
    """The secretary submits in one tab and deletes the draft in another: either the report is deleted before
    it was submitted, or it is submitted and stays — never "submitted" and then gone, never a crash."""
    sec1 = users["sec1"]
    jobs = {
        "submit": lambda r: services.transition(r, sec1, "submit", "", r.version),
        "delete": lambda r: services.delete_draft(r, sec1, r.version),
    }
    for _ in range(10):
        report = make_report(college_a, sec1)
        services.add_evidence(report, sec1, [check_upload(photo_upload())])  # a draft ready to submit
        outcomes = race(report.pk, jobs)
        assert list(outcomes.values()).count("won") == 1, outcomes
        exists = ActivityReport.objects.filter(pk=report.pk).exists()
        assert exists == (outcomes["submit"] == "won")
        if exists:
            assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_a_submitted_report_cannot_be_deleted_from_a_stale_page(users, college_a, as_user):
    from django.urls import reverse

    report = make_report(college_a, users["sec1"])
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    report = ActivityReport.objects.get(pk=report.pk)
    shown_version = report.version
    services.transition(report, users["sec1"], "submit", "", report.version)
    response = as_user("sec1").post(reverse("activities:delete", args=[report.pk]), {"version": shown_version})
    assert response.status_code == 403  # no longer a draft: the delete itself is refused
    assert ActivityReport.objects.filter(pk=report.pk).exists()


def test_deleting_with_an_old_version_keeps_the_draft(users, college_a):
    report = make_report(college_a, users["sec1"])
    old = report.version
    ActivityReport.objects.filter(pk=report.pk).update(version=old + 1)  # someone saved it a moment ago
    with pytest.raises(Refused):
        services.delete_draft(ActivityReport.objects.get(pk=report.pk), users["sec1"], old)
    assert ActivityReport.objects.filter(pk=report.pk).exists()
