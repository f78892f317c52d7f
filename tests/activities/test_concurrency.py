"""Two reviewers acting on the same report at the same moment: exactly one wins, the other is told.

Run with real transactions and threads, so that on PostgreSQL (CI) the row claim is exercised for real.
"""

import threading

import pytest
from django.db import connection

from activities import services
from activities.models import Action, ActivityReport, Status

from ..conftest import make_report


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
        except services.WorkflowError as error:
            outcomes[name] = error.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("staff", users["staff"], first)),
        threading.Thread(target=act, args=("admin", users["admin"], second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values(), key=lambda v: v != "won")[0] == "won"
    assert list(outcomes.values()).count("won") == 1, outcomes
    loser_message = next(v for v in outcomes.values() if v != "won")
    assert "Someone else changed this report" in loser_message or "其他人刚刚修改了这份报告" in loser_message
    report.refresh_from_db()
    reviews = report.events.filter(action__in=[Action.APPROVE, Action.RETURN])
    assert reviews.count() == 1
    assert report.status == {"approve": Status.APPROVED, "return": Status.RETURNED}[reviews.get().action]
    assert report.version == 4  # created 1, its photo 2, submitted 3, the one review 4: the loser wrote nothing
