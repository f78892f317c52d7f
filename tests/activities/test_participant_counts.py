"""Issue 10: participant counts start empty, and a kind that asks for them refuses a report with nobody taking part."""

import pytest
from django.urls import reverse

from activities.forms import ReportForm
from activities.models import ActivityKind, ActivityReport

from .test_reports import report_form


def test_a_new_report_form_leaves_the_counts_empty(users, college_a, as_user):
    form = ReportForm(college=college_a)
    assert form["student_count"].value() is None and form["teacher_count"].value() is None
    page = as_user("sec1").get(reverse("activities:create")).content.decode()
    student_input = page.split('name="student_count"')[1].split(">")[0]
    assert "value=" not in student_input


@pytest.mark.parametrize(("students", "teachers"), [("", ""), ("0", "0"), ("0", ""), ("", "0")])
def test_a_kind_asking_for_participants_refuses_nobody(users, college_a, as_user, students, teachers):
    response = as_user("sec1").post(
        reverse("activities:create"), report_form(student_count=students, teacher_count=teachers)
    )
    assert response.status_code == 200
    assert "两项中至少有一项大于 0" in response.content.decode()
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize(
    ("students", "teachers", "saved"), [("30", "", (30, 0)), ("", "2", (0, 2)), ("5", "1", (5, 1))]
)
def test_one_count_above_zero_is_enough(users, college_a, as_user, students, teachers, saved):
    response = as_user("sec1").post(
        reverse("activities:create"), report_form(student_count=students, teacher_count=teachers)
    )
    assert response.status_code == 302
    assert ActivityReport.objects.values_list("student_count", "teacher_count").get() == saved


def test_a_kind_without_participants_accepts_empty_counts(users, college_a, as_user):
    ActivityKind.objects.filter(code="lecturer-lecture").update(requires_participants=False)
    response = as_user("sec1").post(reverse("activities:create"), report_form(student_count="", teacher_count=""))
    assert response.status_code == 302
    assert ActivityReport.objects.values_list("student_count", "teacher_count").get() == (0, 0)


def test_a_negative_count_is_a_field_error_not_a_crash(users, college_a, as_user):
    response = as_user("sec1").post(reverse("activities:create"), report_form(student_count="-3"))
    assert response.status_code == 200 and not ActivityReport.objects.exists()
