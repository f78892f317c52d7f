"""Each layer of access is right on its own: the querysets scope without the view's mixin in front of them."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityReport
from colleges.access import access_for, get_visible_college, scope_to_colleges, visible_colleges
from colleges.models import Role

from ..conftest import make_report, make_user


@pytest.fixture
def reports(users, college_a, college_b):
    return [make_report(college_a, users["sec1"]), make_report(college_b, users["sec2"])]


def scoped(user):
    return set(scope_to_colleges(ActivityReport.objects.all(), user).values_list("college__code", flat=True))


def test_scoping_gives_each_role_what_it_may_see_and_no_role_nothing(users, reports):
    assert scoped(users["staff"]) == scoped(users["office"]) == scoped(users["admin"]) == {"aa", "bb"}
    assert scoped(users["sec1"]) == {"aa"} and scoped(users["sec2"]) == {"bb"}
    assert scoped(users["norole"]) == set()
    assert scoped(make_user("elder", Role.ELDER)) == set()  # a role outside the school sees no college's records
    assert not visible_colleges(users["norole"]).exists()


def test_scoping_follows_the_named_college_field(users, reports):
    from activities.models import ReportEvent

    events = scope_to_colleges(ReportEvent.objects.all(), users["sec1"], college_field="report__college")
    assert {event.report.college.code for event in events} == {"aa"}


@pytest.mark.parametrize("code", ["a\x00a", "aa;--", "", None, "机械", "a" * 200 + "!"])
def test_a_college_code_that_no_college_could_have_is_404_before_any_query(users, college_a, code):
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        get_visible_college(users["staff"], code)
    assert len(queries) == 0


def test_a_college_is_found_only_by_who_may_see_it(users, college_a):
    assert get_visible_college(users["sec1"], "aa") == college_a
    with pytest.raises(Http404):
        get_visible_college(users["sec2"], "aa")


def test_an_inactive_or_anonymous_user_has_no_access(users):
    from django.contrib.auth.models import AnonymousUser

    users["sec1"].is_active = False
    assert not access_for(users["sec1"]).has_role
    assert not access_for(AnonymousUser()).has_role
