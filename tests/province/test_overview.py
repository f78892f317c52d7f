"""The province's overview: who may read it, what it shows against fresh counts, the same queries for 3 schools as
for 12, its workbook, and the drill-down into one school's dashboard, read-only."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Status
from colleges.models import College, Role
from core.scoping import every_school, school_scope
from institutions.models import Institution
from province import tallies
from province.models import SchoolYearTally
from region.models import Application, Assignment, AssignmentStatus, Region
from region.models import Status as ApplicationStatus
from tests.region.builders import build_reviewed_world, person

from ..conftest import client_for, make_report, make_user

YEAR = 2022


@pytest.fixture
def world(users, college_a, college_b, plan):
    """The region of tests/region/builders.py (the home school leads it), the home school's reports, and a second
    school that runs its year here too."""
    reviewed = build_reviewed_world(users["staff"])
    make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=20, teacher_count=2)
    make_report(college_b, users["sec2"], status=Status.SUBMITTED)
    other = reviewed.schools["s1"]
    with school_scope(other):
        college = College.objects.create(code="zz", name="乙校电子学院", short_name="电子", order=1)
        make_user("staff-s1", Role.STAFF)
        secretary = make_user("sec-s1", Role.SECRETARY, college)
        make_report(college, secretary, status=Status.APPROVED, student_count=7, teacher_count=1)
    tallies.rebuild()  # the recount runs after a commit, which a test in one transaction never reaches
    reviewed.other, reviewed.other_college = other, college
    return reviewed


def rows_of(page: str) -> dict[str, str]:
    """Each school's row of the page's school table, by the school's short name, as text."""
    body = page.split('id="schools"', 1)[-1] if 'id="schools"' in page else page
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<th scope="row"[^>]*><span title="[^"]*">([^<]+)</span>', row)
        if name:
            found[name.group(1)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
    return found


def test_the_province_sees_every_region_and_school_with_their_figures(world):
    page = client_for(world.province).get(reverse("province:year", args=[YEAR])).content.decode()
    assert "2022 第十片" in page and "牵头校" in page
    rows = rows_of(page)
    assert set(rows) == {"牵头校", "甲校", "乙校", "丙校", "丁校"}  # every member school, the lead too
    with every_school():
        home = SchoolYearTally.objects.get(institution__is_home=True, year=YEAR)
        other = SchoolYearTally.objects.get(institution=world.other, year=YEAR)
        assert [(t.institution_id, t.year) for t in tallies.count(None)] == list(
            SchoolYearTally.objects.order_by("institution", "year").values_list("institution", "year")
        )
    # The figures the page shows are those counted fresh from the reports.
    assert (home.reports_approved, home.reports_submitted, home.students, home.teachers) == (1, 2, 20, 2)
    assert (other.reports_approved, other.students, other.colleges) == (1, 7, 1)
    assert " 1 " in rows["牵头校"] and "学生 20 人次 · 教师 2 人次" in rows["牵头校"]
    assert "0 / 2" in rows["牵头校"] and "目标 90.00" in rows["牵头校"]  # the home school's plan's goal
    assert "学生 7 人次 · 教师 1 人次" in rows["甲校"] and "0 / 1" in rows["甲校"]
    assert "本年度未在本平台开展工作" in rows["丁校"]
    assert "草稿" in rows["丁校"] and "评议中" in rows["甲校"]  # application statuses
    assigned = Assignment.objects.filter(round__region=world.region)
    submitted = assigned.filter(status=AssignmentStatus.SUBMITTED).count()
    assert submitted and f"{submitted} / {assigned.count()}" in page  # the round's reviews, submitted of assigned


def test_a_published_result_shows_with_its_verdict_and_an_unpublished_one_does_not(world):
    s2 = Application.objects.get(region=world.region, institution=world.schools["s2"])
    # As region.services writes: each change claims the application's version (the overview's tables follow it).
    Application.objects.filter(pk=s2.pk).update(
        collective_total=Decimal("88.50"), balanced=True, version=F("version") + 1
    )
    rows = rows_of(client_for(world.province).get(reverse("province:year", args=[YEAR])).content.decode())
    assert "88.50" not in rows["乙校"]
    from django.utils import timezone

    Application.objects.filter(pk=s2.pk).update(
        status=ApplicationStatus.PUBLISHED, published_at=timezone.now(), version=F("version") + 1
    )
    rows = rows_of(client_for(world.province).get(reverse("province:year", args=[YEAR])).content.decode())
    assert "88.50 · 均衡发展" in rows["乙校"]


def test_the_region_filter_keeps_that_regions_schools(world):
    other_region = Region.objects.create(code="t11", name="第十一片", year=YEAR, lead=world.schools["s3"])
    lone = Institution.objects.create(code="lone", name="孤校（测试）", short_name="孤校")
    other_region.members.set([lone])
    client = client_for(world.province)
    everything = rows_of(client.get(reverse("province:year", args=[YEAR])).content.decode())
    assert {"孤校", "丙校"} <= set(everything)
    only = client.get(reverse("province:year", args=[YEAR]), {"region": other_region.pk}).content.decode()
    assert set(rows_of(only)) == {"孤校", "丙校"}
    # Anything else is every region.
    assert set(rows_of(client.get(reverse("province:year", args=[YEAR]), {"region": "x"}).content.decode())) == set(
        everything
    )


def grow(count: int) -> None:
    """`count` more schools in the region, each running its year here (a tally row) with an application."""
    region = Region.objects.get(year=YEAR)
    with every_school():
        for n in range(count):
            school = Institution.objects.create(code=f"g{n}", name=f"增校{n}（测试）", short_name=f"增{n}")
            region.members.add(school)
            Application.objects.create(region=region, institution=school)
            SchoolYearTally.objects.create(institution=school, year=YEAR, colleges=14, balanced=3, reports_approved=9)


def queries_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in done.captured_queries]


def test_the_overview_costs_the_same_queries_for_3_schools_as_for_12(world):
    client = client_for(world.province)
    page, workbook = reverse("province:year", args=[YEAR]), reverse("province:export", args=[YEAR])
    client.get(page)  # the session and the person's roles, as for any page
    few = queries_of(client, page), queries_of(client, workbook)
    grow(9)
    client.get(page)  # the caches the new schools retired (the home school's id, the unread count) filled again
    many = queries_of(client, page), queries_of(client, workbook)
    assert [len(q) for q in many] == [len(q) for q in few]
    # The same statements, only the lists of ids they name are longer.
    assert [[sql[:50] for sql in q] for q in many] == [[sql[:50] for sql in q] for q in few]
    assert len(rows_of(client.get(page).content.decode())) == 5 + 9


@pytest.mark.parametrize("name", ["staff", "office", "sec1", "sec2", "norole"])
def test_every_school_role_is_refused(world, users, name):
    client = client_for(users[name])
    for url in (reverse("province:year", args=[YEAR]), reverse("province:export", args=[YEAR])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("province:read_school"), {"school": world.other.pk, "year": YEAR}).status_code == 403


def test_the_regions_people_are_refused_and_superusers_read_it(world, users):
    for user in (world.contacts["s1"], world.reviewers["s2"]):
        assert client_for(user).get(reverse("province:year", args=[YEAR])).status_code == 403
    assert client_for(users["admin"]).get(reverse("province:year", args=[YEAR])).status_code == 200
    root = get_user_model().objects.create_superuser("root", password="pw-for-tests-only")
    assert client_for(root).get(reverse("province:year", args=[YEAR])).status_code == 200


def test_the_province_lands_on_the_overview(world):
    client = client_for(world.province)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("province:overview")
    page = client.get(reverse("province:overview")).content.decode()
    assert "2022 第十片" in page and "待办事项" in page  # the newest year, with the home's to-do list


def test_the_workbook_lists_the_table_and_writes_names_inert(world):
    Institution.objects.filter(pk=world.schools["s4"].pk).update(name='=HYPERLINK("http://x")')
    response = client_for(world.province).get(reverse("province:export", args=[YEAR]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    names = [row[0] for row in rows]
    assert '=HYPERLINK("http://x")' in names and len(rows) == 5
    assert [c.data_type for c in sheet["A"] if c.value == '=HYPERLINK("http://x")'] == ["s"]
    home = next(row for row in rows if row[0] == "牵头校（测试）")
    assert home[5:7] == (2, 0) and home[9] == 1  # colleges, balanced, approved reports


FORM = re.compile(r'<form\b[^>]*method="post"[^>]*action="([^"]*)"', re.I)
NAVIGATION_FORMS = {"colleges:large_text", "colleges:switch", "logout"}


def test_the_drill_down_reads_one_schools_dashboard_and_changes_nothing(world, users):
    client = client_for(world.province)
    response = client.post(reverse("province:read_school"), {"school": world.other.pk, "year": YEAR})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:year", args=[YEAR])
    page = client.get(reverse("dashboard:year", args=[YEAR])).content.decode()
    assert "乙校电子学院" in page and "机械技术学院" not in page  # that school's colleges, not the home school's
    allowed = {reverse(name) for name in NAVIGATION_FORMS}
    assert set(FORM.findall(page)) <= allowed, "no form that writes"
    college = client.get(reverse("dashboard:college", args=[YEAR, "zz"]))
    assert college.status_code == 200 and set(FORM.findall(college.content.decode())) <= allowed
    assert client.get(reverse("dashboard:college", args=[YEAR, "aa"])).status_code == 404  # another school's
    # Every write of the school is refused.
    assert client.post(reverse("dashboard:downloads", args=[YEAR]), {"format": "xlsx"}).status_code == 403
    assert client.get(reverse("dashboard:downloads", args=[YEAR])).status_code == 403
    assert client.post(reverse("activities:create"), {"title": "x"}).status_code == 403
    assert client.get(reverse("plans:detail", args=[YEAR])).status_code == 403


def test_a_school_that_is_not_one_is_a_404(world):
    client = client_for(world.province)
    for data in (
        {"school": "999999", "year": YEAR},
        {"school": "x", "year": YEAR},
        {"school": world.other.pk, "year": "0001"},
    ):
        assert client.post(reverse("province:read_school"), data).status_code == 404


def test_a_region_contact_of_the_school_cannot_drill_down(world):
    contact = person("contact-extra", Role.REGION_CONTACT, world.other)
    assert (
        client_for(contact).post(reverse("province:read_school"), {"school": world.other.pk, "year": YEAR}).status_code
        == 403
    )


def test_the_cached_tables_follow_a_schools_recount_and_a_new_member(world, users, college_a):
    client = client_for(world.province)
    url = reverse("province:year", args=[YEAR])
    before = rows_of(client.get(url).content.decode())
    assert "学生 20 人次" in before["牵头校"]
    make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=5)
    tallies.recount_school(college_a.institution_id)  # as after the write's commit
    world.region.members.add(Institution.objects.create(code="new", name="新校（测试）", short_name="新校"))
    after = rows_of(client.get(url).content.decode())
    assert "学生 25 人次" in after["牵头校"] and "新校" in after


HREF = re.compile(r'(?:href|src)="(/[^"#]*)')


def test_every_link_the_province_meets_opens(world):
    """No dead end on the way down: every address on the overview, the chosen school's dashboard and its colleges'
    pages opens for the province (the school's own pages, which only its roles open, are not linked for it), and
    the province's user menu leads to the school chooser rather than listing every school."""
    client = client_for(world.province)
    client.post(reverse("province:read_school"), {"school": world.other.pk, "year": YEAR})
    pages = [
        reverse("province:overview"),
        reverse("dashboard:year", args=[YEAR]),
        reverse("dashboard:college", args=[YEAR, "zz"]),
    ]
    seen, dead = set(), []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in HREF.findall(response.content.decode()):
            if link in seen or link.startswith(("/static/", "/accounts/logout")):
                continue
            seen.add(link)
            status = client.get(link).status_code
            if status >= 400:
                dead.append((page, link, status))
    assert dead == [], "\n".join(f"{page} -> {link} ({status})" for page, link, status in dead)
    assert reverse("colleges:choose_school") in seen or "acting-as" in client.get(pages[0]).content.decode()
