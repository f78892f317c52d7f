"""The dashboard's figures read from the tallies equal a direct count of the reports; the college table is paged
and searched; the review badge is right; the cold dashboard costs the same queries for 3 colleges as for 40."""

import datetime
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services, tallies
from activities.models import ActivityKind, ActivityReport, Status
from activities.progress import LECTURER_LECTURES, approved_reports_counting_toward
from colleges.models import College
from dashboard import figures
from dashboard.views import COLLEGES_PER_PAGE

from ..conftest import client_for, make_report

YEAR = 2022


def approved_of(year):
    return [
        r
        for r in ActivityReport.objects.prefetch_related("members").select_related("college")
        if r.year == year and r.status == Status.APPROVED
    ]


def direct_participation(reports) -> dict:
    """The oracle: students, teachers and elders counted report by report."""
    elder_links = [m.pk for r in reports for m in r.members.all() if m.elder_kind]
    return {
        "reports": len(reports),
        "students": sum(r.student_count for r in reports),
        "teachers": sum(r.teacher_count for r in reports),
        "elder_people": len(set(elder_links)),
        "elder_times": len(elder_links),
    }


@pytest.fixture
def demo(db):
    call_command("load_demo")
    assert ActivityReport.objects.filter(year=YEAR, status=Status.APPROVED).count() > 20


def test_every_school_figure_from_the_tallies_equals_a_direct_count_on_the_demo_data(demo):
    reports = list(ActivityReport.objects.all())
    approved = approved_of(YEAR)
    colleges = list(College.objects.active())

    rows = {row["code"]: row for row in figures.college_rows(YEAR)}
    assert list(rows) == [c.code for c in colleges]
    for college in colleges:
        own = [r for r in reports if r.college_id == college.pk and r.year == YEAR]
        mine = [r for r in own if r.status == Status.APPROVED]
        row = rows[college.code]
        assert row["submitted"] == sum(1 for r in own if r.status != Status.DRAFT)
        assert row["approved"] == len(mine)
        assert row["latest"] == max((r.starts_on for r in mine), default=None)
        assert figures.participation(YEAR, college.code) == direct_participation(mine)

    school = direct_participation(approved)
    assert school["elder_times"] > 0
    assert figures.participation(YEAR) == school
    by_college = figures.participation_by_college(YEAR)
    for college in colleges:
        mine = [r for r in approved if r.college_id == college.pk]
        if mine:
            assert by_college[college.code] == direct_participation(mine)
    assert set(by_college) == {r.college.code for r in approved}

    months = Counter(r.starts_on.month for r in approved)
    assert figures.by_month(YEAR) == [(m, months[m]) for m in range(1, 13)]
    kinds = Counter(r.kind_id for r in approved)
    names = dict(ActivityKind.objects.values_list("pk", "name"))
    assert figures.by_kind(YEAR) == sorted(((k, names[k], n) for k, n in kinds.items()), key=lambda t: (-t[2], t[1]))
    per_college = Counter(r.college_id for r in approved)
    assert figures.by_college(YEAR) == [(c.code, c.short_name, per_college[c.pk]) for c in colleges]
    assert figures.available_years() == sorted({r.year for r in reports}, reverse=True)

    lectures = sum(1 for r in approved if r.kind.metric == LECTURER_LECTURES)
    assert lectures > 0
    assert approved_reports_counting_toward(LECTURER_LECTURES, YEAR) == lectures


def test_the_review_badge_counts_the_submitted_reports(users, college_a, as_user):
    staff = as_user("staff")

    def badge():
        match = re.search(r'text-bg-warning">(\d+)<', staff.get(reverse("home")).content.decode())
        return int(match.group(1)) if match else 0

    assert badge() == 0
    make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    make_report(college_a, users["sec1"], status=Status.SUBMITTED, starts_on=datetime.date(2021, 3, 1))
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    assert badge() == 2 == ActivityReport.objects.filter(status=Status.SUBMITTED).count()
    waiting = ActivityReport.objects.filter(status=Status.SUBMITTED).first()
    services.transition(waiting, users["sec1"], "withdraw", "", waiting.version)
    assert badge() == 1


def many_colleges(count: int, staff) -> list[College]:
    """`count` colleges with five reports each (approved, submitted, draft), loaded in bulk like the bench."""
    made = College.objects.bulk_create(
        College(code=f"c{n:03d}", name=f"第{n:03d}学院", short_name=f"学院{n:03d}", campus="taihu", order=10 + n)
        for n in range(count)
    )
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    day = datetime.date(YEAR, 4, 9)
    ActivityReport.objects.bulk_create(
        ActivityReport(
            college=college,
            kind=kind,
            title="活动",
            starts_on=day,
            ends_on=day,
            year=YEAR,
            place="礼堂",
            summary="内容",
            status=status,
            student_count=10,
            created_by=staff,
        )
        for college in made
        for status in [Status.APPROVED, Status.APPROVED, Status.SUBMITTED, Status.DRAFT, Status.RETURNED]
    )
    tallies.rebuild()
    return made


def test_the_college_table_is_paged_and_searched(users, as_user):
    many_colleges(40, users["staff"])
    office = as_user("office")
    url = reverse("dashboard:year", args=[YEAR])

    names = list(College.objects.active().values_list("name", flat=True))  # the school's order
    assert len(names) == 42

    def table(response):
        html = response.content.decode()
        start = html.index('id="colleges"')
        return re.findall(
            r">(第\d{3}学院|机械技术学院|控制技术学院)</a>", html[start : html.index("</section>", start)]
        )

    first = office.get(url)
    assert table(first) == names[:COLLEGES_PER_PAGE]
    chart = first.content.decode().split('id="chart-college-title"')[1].split("</table>")[0]
    assert "学院000" in chart and "学院035" not in chart  # the chart shows this page's colleges only
    assert table(office.get(url, {"page": 2})) == names[COLLEGES_PER_PAGE:]
    assert table(office.get(url, {"page": "999"})) == names[COLLEGES_PER_PAGE:]
    assert table(office.get(url, {"page": "x"})) == table(first)
    assert table(office.get(url, {"q": "第03"})) == [f"第{n:03d}学院" for n in range(30, 40)]
    assert table(office.get(url, {"q": "C007"})) == ["第007学院"]  # by code too, in any case
    searched = office.get(url, {"q": "没有这个学院"})
    assert table(searched) == [] and "没有符合搜索条件的学院" in searched.content.decode()
    assert 'label class="visually-hidden" for="college-search"' in searched.content.decode()


def test_the_staff_home_shows_a_bounded_summary_of_the_colleges(plan, users, college_a, as_user):
    many_colleges(40, users["staff"])
    make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    html = as_user("staff").get(reverse("home")).content.decode()
    summary = html[html.index('id="lagging-title"') :]
    shown = re.findall(r"第(\d{3})学院|控制技术学院|机械技术学院", summary)
    assert len(shown) == figures.LAGGING_SHOWN
    assert "控制技术学院" in summary  # college B filed nothing: it lags the most
    assert "共 42 个学院" in summary


def test_the_cold_dashboard_costs_the_same_queries_for_3_colleges_as_for_40(plan, users, as_user):
    def cold_queries():
        counts = []
        for name, url in [
            ("office", reverse("dashboard:year", args=[YEAR])),
            ("staff", reverse("dashboard:year", args=[YEAR])),
            ("staff", reverse("home")),
        ]:
            client = client_for(users[name])
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    many_colleges(1, users["staff"])  # with the fixture's two: three colleges
    assert College.objects.count() == 3
    at_three = cold_queries()
    many_more = College.objects.bulk_create(
        College(code=f"m{n:03d}", name=f"另{n:03d}学院", short_name=f"另{n:03d}", campus="taihu", order=100 + n)
        for n in range(37)
    )
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    ActivityReport.objects.bulk_create(
        ActivityReport(
            college=college,
            kind=kind,
            title="活动",
            starts_on=datetime.date(YEAR, month, 2),
            ends_on=datetime.date(YEAR, month, 2),
            year=YEAR,
            place="礼堂",
            summary="内容",
            status=Status.APPROVED,
            created_by=users["staff"],
        )
        for college in many_more
        for month in range(1, 13)
    )
    tallies.rebuild()
    assert College.objects.count() == 40
    assert cold_queries() == at_three
