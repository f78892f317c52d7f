"""Two submissions of one review at the same moment (two tabs, a double click), and two results recorded at once:
exactly one wins, the other is told. Real transactions and threads, so that on PostgreSQL the claim is real."""

import threading

import pytest
from django.db import connection

from core.errors import Refused
from region import services
from region.models import Application, Assignment, AssignmentStatus, ReviewScore

from ..helpers import scoped_thread
from .builders import build_reviewed_world, full_scores


def race(jobs) -> dict:
    barrier = threading.Barrier(len(jobs))
    outcomes = {}

    def act(name, job):
        try:
            prepared = job()
            barrier.wait(timeout=10)
            prepared()
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
def test_two_submissions_of_one_review_at_once_one_wins(users):
    world = build_reviewed_world(users["staff"])
    assignment = Assignment.objects.filter(application=world.apps["s2"]).first()
    scores = full_scores(world.apps["s2"])

    def submit_with(comment, c2):
        def prepare():
            stale = Assignment.objects.select_related("round", "application").get(pk=assignment.pk)
            return lambda: services.save_review(
                stale, stale.reviewer, stale.version, dict(scores, C2=c2), {"A1": comment}, submit=True
            )

        return prepare

    outcomes = race({"first tab": submit_with("甲", "15"), "second tab": submit_with("乙", "3")})
    assert list(outcomes.values()).count("won") == 1, outcomes
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED and assignment.version == 2
    winner = "甲" if outcomes["first tab"] == "won" else "乙"
    kept = ReviewScore.objects.get(assignment=assignment, indicator__code="A1")
    assert kept.comment == winner  # the loser wrote nothing, not even half a sheet
    assert ReviewScore.objects.get(assignment=assignment, indicator__code="C2").score == (15 if winner == "甲" else 3)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_results_recorded_at_once_one_wins(users):
    world = build_reviewed_world(users["staff"])
    application = world.apps["s1"]

    def record(user, opinion):
        def prepare():
            stale = Application.objects.get(pk=application.pk)
            return lambda: services.record_result(stale, user, stale.version, full_scores(stale), opinion)

        return prepare

    outcomes = race({"staff": record(users["staff"], "甲意见"), "admin": record(users["admin"], "乙意见")})
    assert list(outcomes.values()).count("won") == 1, outcomes
    application.refresh_from_db()
    assert application.opinion == ("甲意见" if outcomes["staff"] == "won" else "乙意见")
    assert application.events.filter(action="record_result").count() == 1
