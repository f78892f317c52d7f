"""Participation (人次 of students and teachers, elders involved) on the dashboard and in the summary."""

import io

import openpyxl
from django.urls import reverse

from activities.models import Status
from colleges.models import CommitteeMember, ElderKind
from dashboard import exports, figures

from ..conftest import make_report


def school(users, college_a, college_b):
    elder = CommitteeMember.objects.get(name="乙老师")  # a retired teacher of college A
    serving = CommitteeMember.objects.get(name="甲主任")  # serving staff: not an elder
    first = make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=40, teacher_count=3)
    first.members.add(elder, serving)
    second = make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=25, teacher_count=2)
    second.members.add(elder)
    other_elder = CommitteeMember.objects.create(college=college_b, name="丁老师", elder_kind=ElderKind.EXPERT)
    third = make_report(college_b, users["sec2"], status=Status.APPROVED, student_count=10, teacher_count=1)
    third.members.add(other_elder)
    make_report(college_a, users["sec1"], status=Status.SUBMITTED, student_count=500)  # not approved: not counted


def test_participation_counts_approved_activities_only(users, college_a, college_b):
    school(users, college_a, college_b)
    assert figures.participation(2022) == {
        "reports": 3,
        "students": 75,
        "teachers": 6,
        "elder_people": 2,
        "elder_times": 3,
    }
    assert figures.participation(2022, "aa") == {
        "reports": 2,
        "students": 65,
        "teachers": 5,
        "elder_people": 1,
        "elder_times": 2,
    }
    assert figures.participation_by_college(2022)["aa"] == figures.participation(2022, "aa")
    assert figures.participation_by_college(2022)["bb"] == figures.participation(2022, "bb")


def test_participation_by_college_takes_the_same_queries_for_more_colleges(
    users, college_a, college_b, django_assert_num_queries
):
    school(users, college_a, college_b)
    with django_assert_num_queries(2):  # one grouped count of reports, one of elder links
        figures.participation_by_college(2022)


def test_the_dashboard_and_the_workbook_show_participation(plan, users, college_a, college_b, as_user):
    school(users, college_a, college_b)
    page = as_user("office").get(reverse("dashboard:year", args=[2022])).content.decode()
    assert "已通过活动的参与情况" in page and ">75<" in page
    college_page = as_user("sec1").get(reverse("dashboard:college", args=[2022, "aa"])).content.decode()
    assert ">65<" in college_page
    workbook = openpyxl.load_workbook(io.BytesIO(exports.build_workbook(2022)))
    rows = list(workbook["参与情况"].iter_rows(values_only=True))
    assert rows[0][:3] == ("学院", "活动场次", "学生参与人次")
    by_name = {row[0]: row[1:] for row in rows[1:] if row[0]}
    assert by_name["机械技术学院"] == (2, 65, 5, 1, 2)
    assert by_name["全校合计"] == (3, 75, 6, 2, 3)
    assert "已通过活动的参与情况" in exports.pdf_html(2022)
