"""What waits in the region (region/todos.py): a contact's own school's applications to fill in (returned ones
urgent, with the reason), a reviewer's own reviews to score, the lead's applications to check and results to
publish; the read-only roles have nothing."""

import dataclasses
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from region import services
from region.models import AssignmentStatus, Region
from region.todos import home_todos

from ..conftest import client_for
from ..helpers import todo_entry
from .builders import fill, submit


def todos_of(user) -> dict:
    return {todo.key: todo for todo in home_todos(user, timezone.localdate()) if todo.count}


def test_a_contact_sees_their_own_schools_application_to_fill_in(reviewed):
    returned = todos_of(reviewed.contacts["s3"])["region.applications"]
    assert returned.urgent
    assert [(i.url, i.note) for i in returned.items] == [(reviewed.apps["s3"].get_absolute_url(), "请补充材料")]
    draft = todos_of(reviewed.contacts["s4"])["region.applications"]
    assert not draft.urgent and [i.url for i in draft.items] == [reviewed.apps["s4"].get_absolute_url()]
    assert todos_of(reviewed.contacts["s1"]) == {}  # under review: nothing for the school to do


def test_a_reviewer_sees_only_their_own_pending_reviews(reviewed):
    pending = {
        code: sorted(
            a.get_absolute_url()
            for a in reviewer.region_reviews.filter(status=AssignmentStatus.PENDING).select_related("application")
        )
        for code, reviewer in reviewed.reviewers.items()
    }
    assert any(pending.values())
    for code, reviewer in reviewed.reviewers.items():
        todos = todos_of(reviewer)
        listed = sorted(i.url for i in todos["region.reviews"].items) if "region.reviews" in todos else []
        assert listed == pending[code], code


def test_the_lead_checks_submitted_applications_and_the_read_only_roles_have_nothing(reviewed, users):
    # The lead school's application, submitted while the round is open, went to reviewers at once: nothing waits.
    assert "region.check" not in todos_of(users["staff"])
    region = Region.objects.create(code="t10-2023", name="第十片", year=2023, lead=reviewed.schools["lead"])
    region.members.set(reviewed.schools.values())
    services.load_scheme(region)
    services.open_applications(region, users["staff"])
    submitted = submit(dataclasses.replace(reviewed, region=region), "s1")
    todos = todos_of(users["staff"])
    assert [i.url for i in todos["region.check"].items] == [submitted.get_absolute_url()]
    assert "region.publish" not in todos
    assert todos_of(reviewed.province) == {} and todos_of(users["office"]) == {}


def test_a_reviewers_home_opens_with_their_reviews(reviewed):
    reviewer = next(r for r in reviewed.reviewers.values() if todos_of(r))
    page = client_for(reviewer).get("/", follow=True).content.decode()
    assert "待评分的申报" in todo_entry(page, "region.reviews")


def test_the_region_to_dos_take_the_same_queries_however_many_rows(reviewed, users):
    def queries() -> dict[str, int]:
        """Queries of each person who has something waiting (an empty list takes one query fewer)."""
        counts = {}
        for user in (users["staff"], reviewed.contacts["s3"], *reviewed.reviewers.values()):
            user = type(user).objects.get(pk=user.pk)  # a fresh request's user
            with CaptureQueriesContext(connection) as captured:
                found = home_todos(user, timezone.localdate())
            if any(todo.count for todo in found):
                counts[user.username] = len(captured)
        return counts

    small = queries()
    # The next year's round: every school's application submitted (s3's draft too) and reviewed by the panel.
    region = Region.objects.create(code="t10-2023", name="第十片", year=2023, lead=reviewed.schools["lead"])
    region.members.set(reviewed.schools.values())
    services.load_scheme(region)
    services.open_applications(region, users["staff"])
    next_year = dataclasses.replace(reviewed, region=region)
    for code in ("s1", "s2", "s4", "lead"):
        submit(next_year, code)
    fill(next_year, "s3")
    services.open_round(
        region, users["staff"], deadline=datetime.date(2023, 12, 1), panel=list(reviewed.reviewers.values())
    )
    submit(next_year, "s3")
    after = queries()
    assert len(after) >= len(small) >= 3
    assert {name: after[name] for name in small} == small
