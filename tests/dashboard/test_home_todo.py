"""Home is a to-do list: a secretary's drafts, returned reports and self-assessment deadline; staff's queue by age,
assessments awaiting review and the colleges silent this month."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityReport, Status
from colleges.models import College
from dashboard import todo
from scoring import assessments, schemes
from scoring.models import Scheme

from ..conftest import make_report


def page_of(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def submit_full_marks(college, user, scheme):
    assessment = assessments.find_assessment(college, scheme)
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, user, "self_score", full)
    return assessments.transition(assessment, user, "submit")


def with_deadline(days_from_today: int) -> Scheme:
    scheme, _ = schemes.load_scheme_file()
    scheme.self_assessment_deadline = timezone.localdate() + datetime.timedelta(days=days_from_today)
    scheme.save()
    return scheme


def test_a_secretary_sees_their_drafts_and_returned_reasons_and_not_another_colleges(
    plan, users, college_a, college_b, as_user
):
    draft = make_report(college_a, users["sec1"], title="机械学院未完成的草稿")
    returned = make_report(college_a, users["sec1"], status=Status.RETURNED, title="机械学院被退回的报告")
    make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="机械学院待审核的报告")
    make_report(college_b, users["sec2"], title="控制学院的草稿")
    make_report(college_b, users["sec2"], status=Status.RETURNED, title="控制学院被退回的报告")

    page = page_of(as_user("sec1"))

    assert reverse("activities:create") in page and "新建报告" in page
    assert "待完成的草稿" in page and f'href="{draft.get_absolute_url()}"' in page
    assert "被退回" in page and f'href="{returned.get_absolute_url()}"' in page
    assert "退回原因： 请补充材料" in page
    assert "已提交待审核" in page and "?status=submitted" in page
    assert "控制学院" not in page


def test_returned_reports_are_listed_newest_first(users, college_a, as_user):
    older = make_report(college_a, users["sec1"], status=Status.RETURNED, title="先退回的报告")
    newer = make_report(college_a, users["sec1"], status=Status.RETURNED, title="后退回的报告")
    ActivityReport.objects.filter(pk=older.pk).update(reviewed_at=timezone.now() - datetime.timedelta(days=2))

    listed = todo.secretary_todo(users["sec1"], timezone.localdate())["returned"]

    assert [r.pk for r in listed] == [newer.pk, older.pk]
    page = page_of(as_user("sec1"))
    assert page.index("后退回的报告") < page.index("先退回的报告")


def test_a_secretary_without_reports_is_told_there_is_nothing_to_finish(users, as_user):
    page = page_of(as_user("sec1"))
    assert "没有草稿。" in page and "没有被退回的报告。" in page
    assert "尚未设置考核指标体系。" in page


@pytest.mark.parametrize(
    ("days", "shown"),
    [(5, "还剩 5 天"), (1, "还剩 1 天"), (0, "今天截止"), (-1, "已截止")],
)
def test_the_self_assessment_deadline_shows_the_days_left(users, as_user, days, shown):
    scheme = with_deadline(days)
    page = page_of(as_user("sec1"))
    assert "2022 年度自评" in page and "自评中" in page
    assert f"截止日期：{scheme.self_assessment_deadline:%Y-%m-%d}" in page
    assert shown in page
    assert f'data-days-left="{days}"' in page


def test_the_days_left_count_whole_local_days():
    scheme = Scheme(year=2022, self_assessment_deadline=datetime.date(2022, 11, 30))
    assert todo.SelfAssessment(scheme, None, datetime.date(2022, 11, 20)).days_left == 10
    assert todo.SelfAssessment(scheme, None, datetime.date(2022, 11, 30)).days_left == 0
    overdue = todo.SelfAssessment(scheme, None, datetime.date(2022, 12, 1))
    assert overdue.days_left == -1 and overdue.is_overdue
    assert todo.SelfAssessment(Scheme(year=2022), None, datetime.date(2022, 12, 1)).days_left is None


def test_a_submitted_self_assessment_awaits_review_and_shows_no_verdict(users, college_a, as_user):
    scheme = with_deadline(-3)
    submit_full_marks(college_a, users["sec1"], scheme)
    page = page_of(as_user("sec1"))
    assert "待复评" in page
    assert "已截止" not in page  # no longer the college's to do
    assert "未达" not in page and "自评中" not in page


def test_staff_see_the_review_queue_by_age(users, college_a, as_user):
    now = timezone.now()
    ages = {"today": [0], "1–3": [1, 3], "4–7": [4, 6, 7], "older": [8, 30]}
    for days in [d for group in ages.values() for d in group]:
        report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=f"{days} 天前提交")
        ActivityReport.objects.filter(pk=report.pk).update(submitted_at=now - datetime.timedelta(days=days))
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="已通过的报告")  # not waiting

    buckets = todo.queue_by_age(timezone.localdate())

    assert [b.count.value for b in buckets] == [1, 2, 3, 2]
    page = page_of(as_user("staff"))
    cells = re.findall(r"<li [^>]*data-queue-bucket>\s*<a href=\"([^\"]+)\">([^<]+)</a><span[^>]*>(\d+)</span>", page)
    assert [(label, int(count)) for _, label, count in cells] == [
        ("今天提交", 1),
        ("1–3 天前", 2),
        ("4–7 天前", 3),
        ("一周以上", 2),
    ]
    assert {href for href, _, _ in cells} == {reverse("activities:review")}


def test_staff_see_the_assessments_waiting_for_review(users, college_a, college_b, as_user):
    scheme, _ = schemes.load_scheme_file()
    submit_full_marks(college_a, users["sec1"], scheme)
    page = page_of(as_user("staff"))
    assert "待复评的考核" in page
    assert f'href="{reverse("scoring:assessment", args=[2022, "aa"])}"' in page
    assert f'href="{reverse("scoring:assessment", args=[2022, "bb"])}"' not in page  # still self-assessing


def test_staff_see_the_colleges_that_filed_nothing_this_month(users, college_a, college_b, as_user):
    make_report(college_a, users["sec1"])
    last_month = make_report(college_b, users["sec2"])
    ActivityReport.objects.filter(pk=last_month.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    College.objects.create(code="cc", name="停办的学院", short_name="停办", campus="taihu", order=3, active=False)

    silent = todo.staff_todo(timezone.localdate())["silent_colleges"]

    assert [c.code for c in silent] == ["bb"]
    page = page_of(as_user("staff"))
    assert f"{timezone.localdate().month} 月尚未填报的学院" in page
    assert f'href="{college_b.get_absolute_url()}">控制技术学院</a></li>' in page
    assert "停办的学院" not in page


def test_the_month_bounds_run_from_the_first_to_the_next_first():
    start, end = todo.month_bounds(datetime.date(2022, 12, 31))
    assert timezone.localtime(start).date() == datetime.date(2022, 12, 1)
    assert timezone.localtime(end).date() == datetime.date(2023, 1, 1)


def queries_of(compute) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute()
    return len(captured)


def test_the_to_do_lists_take_a_fixed_number_of_queries(users, college_a, college_b):
    scheme, _ = schemes.load_scheme_file()
    submit_full_marks(college_b, users["sec2"], scheme)
    today = timezone.localdate()

    def file_reports(count):
        for status in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED):
            for n in range(count):
                make_report(college_a, users["sec1"], status=status, title=f"报告 {status} {n}")

    file_reports(2)
    secretary_small = queries_of(lambda: todo.secretary_todo(users["sec1"], today))
    staff_small = queries_of(lambda: todo.staff_todo(today))
    file_reports(20)
    for n in range(10):
        College.objects.create(code=f"x{n}", name=f"新学院{n}", short_name=f"新{n}", campus="taihu", order=10 + n)
    assessments.ensure_assessments(scheme)

    assert queries_of(lambda: todo.secretary_todo(users["sec1"], today)) == secretary_small
    assert queries_of(lambda: todo.staff_todo(today)) == staff_small
    listed = todo.staff_todo(today)
    # Eleven silent colleges (college B and the new ten): the first ten listed in the school's order, all counted.
    assert [c.code for c in listed["silent_colleges"]] == ["bb", *(f"x{n}" for n in range(9))]
    assert int(listed["silent_count"]) == 11


def test_the_home_pages_take_a_fixed_number_of_queries(plan, users, college_a, as_user):
    def file_reports(count):
        for status in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED):
            for n in range(count):
                make_report(college_a, users["sec1"], status=status, title=f"报告 {status} {n}")

    file_reports(1)
    small = {name: queries_of(lambda name=name: page_of(as_user(name))) for name in ("sec1", "staff")}
    file_reports(10)
    assert {name: queries_of(lambda name=name: page_of(as_user(name))) for name in ("sec1", "staff")} == small
