"""The promises of the portal's shape: every write retires the cached figures, whichever way it comes; reading a
page writes nothing; assessments exist from the moment a college and a year's scheme do."""

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityReport, Status
from colleges.models import College, CommitteeMember, MemberUnit
from core import cache as figures_cache
from plans.services import copy_plan
from scoring import assessments, schemes
from scoring.models import Assessment, IndicatorScore

from .activities.test_reports import make_report
from .helpers import run_commit_hooks


@pytest.fixture
def scheme(db):
    return schemes.load_scheme_file()[0]


@pytest.fixture
def generation():
    """generation() -> the figures generation once the writes so far have committed."""

    def committed_generation():
        run_commit_hooks()
        return figures_cache.generation()

    return committed_generation


def test_a_page_write_retires_the_figures(users, college_a, as_user, generation):
    before = generation()
    response = as_user("sec1").post(
        reverse("colleges:member_create", args=["aa"]), {"name": "戊老师", "position": "member", "active": "on"}
    )
    assert response.status_code == 302
    assert generation() > before


def test_an_admin_edit_retires_the_figures(users, college_a, as_user, generation):
    unit = MemberUnit.objects.create(name="测试", order=99)
    before = generation()
    response = as_user("admin").post(
        reverse("admin:colleges_memberunit_change", args=[unit.pk]),
        {"name": "测试单位", "full_name": "", "duties": "协助", "order": 99},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert MemberUnit.objects.get(pk=unit.pk).name == "测试单位"
    assert generation() > before


def test_a_management_command_retires_the_figures(db, generation):
    before = generation()
    call_command("load_scheme", verbosity=0)
    assert generation() > before


def test_a_copy_retires_the_figures(plan, scheme, generation):
    before = generation()
    copy_plan(plan, 2023)
    middle = generation()
    schemes.copy_scheme(scheme, 2023)
    assert before < middle < generation()


def test_a_service_write_retires_the_figures(users, college_a, generation):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    before = generation()
    from activities import services

    services.transition(report, users["staff"], "approve", "", report.version)
    assert generation() > before


def test_removing_a_member_retires_the_figures(users, college_a, as_user, generation):
    member = CommitteeMember.objects.create(college=college_a, name="己老师")
    before = generation()
    response = as_user("sec1").post(reverse("colleges:member_delete", args=["aa", member.pk]))
    assert response.status_code == 302
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    assert generation() > before


def test_a_member_who_took_part_in_a_report_is_kept_inactive(users, college_a, as_user):
    member = CommitteeMember.objects.get(name="乙老师")
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    report.members.add(member)
    response = as_user("sec1").post(reverse("colleges:member_delete", args=["aa", member.pk]), follow=True)
    assert "标记为不在任" in response.content.decode()
    member.refresh_from_db()
    assert member.active is False
    assert list(ActivityReport.objects.get(pk=report.pk).members.all()) == [member]


def test_colleges_and_schemes_bring_their_assessments(scheme, college_a, college_b):
    scored = len(schemes.scored_indicators(scheme))
    assert Assessment.objects.filter(scheme=scheme).count() == 2
    new = College.objects.create(code="cc", name="物联网技术学院", short_name="物联网")
    assessment = assessments.find_assessment(new, scheme)
    assert assessment is not None
    assert IndicatorScore.objects.filter(assessment=assessment).count() == scored


WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("staff", "scoring:school"),
        ("office", "scoring:school"),
        ("sec1", "scoring:assessment"),
        ("staff", "scoring:assessment"),
        ("staff", "scoring:review"),
        ("sec1", "scoring:self_assess"),
        ("staff", "dashboard:year"),
        ("staff", "home"),
    ],
)
def test_reading_a_page_writes_nothing(scheme, users, college_a, college_b, as_user, persona, url):
    args = {"scoring:school": [2022], "dashboard:year": [2022], "home": []}.get(url, [2022, "aa"])
    client = as_user(persona)
    client.get(reverse(url, args=args))  # the session's first request may update last_login
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url, args=args)).status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []


def test_the_admin_is_registered_for_member_units():
    # The admin path above only proves something if the admin edits the model it posts to.
    assert MemberUnit in site._registry
