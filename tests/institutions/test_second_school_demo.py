"""The demo's second school (太湖理工学院（演示）, publicity/demo_second_school.py) runs its own year beside the home
school, and neither sees the other: its staff see its colleges and reports only, the home school's staff none of
them.

The demo is loaded once for the module, in a transaction rolled back when the module ends (as tests/outputs does),
so no other test sees it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from activities.models import ActivityKind, ActivityReport, Evidence
from colleges.access import membership_of
from colleges.models import BrandProject, College, CommitteeMember, Membership
from core.scoping import every_school, school_scope
from institutions.models import Institution
from plans.models import Target, WorkPlan, WorkPoint
from publicity.demo_second_school import ACCOUNTS, CODE
from publicity.models import NewsItem, NewsStatus, PublicNotice
from scoring.models import Assessment, AssessmentStatus, IndicatorScore, Scheme

from ..conftest import client_for

COUNTED = [
    College,
    CommitteeMember,
    BrandProject,
    Membership,
    WorkPlan,
    WorkPoint,
    Target,
    Scheme,
    Assessment,
    IndicatorScore,
    ActivityReport,
    Evidence,
    ActivityKind,
    NewsItem,
    PublicNotice,
    Institution,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of `load_demo`, run once; the rows stay until the module's last test."""
    output = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("second-school-media")),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def school(demo, db):
    return Institution.objects.get(code=CODE)


def names_of(school) -> list[str]:
    with school_scope(school):
        return list(College.objects.values_list("name", flat=True))


def test_the_second_school_runs_its_own_year(school):
    with school_scope(school):
        assert College.objects.count() == 3
        assert CommitteeMember.objects.filter(college__in=College.objects.all()).count() >= 18
        plan = WorkPlan.objects.get(year=2022)
        assert plan.title.startswith("太湖理工学院") and plan.targets.exists() and plan.sections.exists()
        assert set(WorkPoint.objects.values_list("units__institution", flat=True)) <= {school.pk, None}
        scheme = Scheme.objects.get(year=2022)
        assessments = Assessment.objects.filter(scheme=scheme)
        assert assessments.count() == 3
        assert assessments.filter(status=AssessmentStatus.FINALISED).exists()
        assert ActivityReport.objects.count() == 12
        assert len(set(ActivityReport.objects.values_list("status", flat=True))) == 3
        assert NewsItem.objects.filter(status=NewsStatus.PUBLISHED).exists()
        assert PublicNotice.objects.filter(published=True).exists()
        # Its people are its own: every account of the school's rows is one of the school's.
        reviewers = set(ActivityReport.objects.values_list("events__actor__membership__institution", flat=True))
        assert reviewers == {school.pk}


def test_its_accounts_are_listed_and_act_in_their_school(school, demo):
    last = demo.strip().splitlines()[-1]
    for username, _name, role, college_code in ACCOUNTS:
        assert username in last
        user = get_user_model().objects.get(username=username)
        assert user.check_password("gkw-demo-2022") and user.first_name
        assert membership_of(user).role == role and membership_of(user).institution_id == school.pk
        if college_code:
            assert membership_of(user).college.code == college_code


@pytest.mark.parametrize("url", ["/colleges/", "/reports/"])
def test_each_schools_staff_see_their_own_colleges_only(school, url):
    home = Institution.objects.get(is_home=True)
    theirs, ours = names_of(school), names_of(home)
    # Names of one school inside a name of the other (管理学院 in 经济管理学院) are no evidence either way.
    ours_only = [name for name in ours if not any(name in other for other in theirs)]
    theirs_only = [name for name in theirs if not any(name in other for other in ours)]
    users = get_user_model().objects
    seen_by_staff2 = client_for(users.get(username="staff2")).get(url).content.decode()
    seen_by_staff = client_for(users.get(username="staff")).get(url).content.decode()
    assert all(name in seen_by_staff2 for name in theirs)
    assert not [name for name in ours_only if name in seen_by_staff2]
    assert all(name in seen_by_staff for name in ours)
    assert not [name for name in theirs_only if name in seen_by_staff]


def test_a_secretary_of_the_second_school_sees_their_college_only(school):
    page = client_for(get_user_model().objects.get(username="sec21")).get("/reports/").content.decode()
    assert "机电工程学院" in page
    assert "信息工程学院" not in page and "机械技术学院" not in page


def test_reloading_the_demo_makes_nothing_twice(school):
    with every_school():
        before = [model.objects.count() for model in COUNTED]
        call_command("load_demo", stdout=io.StringIO())
        assert [model.objects.count() for model in COUNTED] == before
