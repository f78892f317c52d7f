"""Home is a to-do list: a secretary's drafts, returned reports and self-assessment deadline; staff's queue by age,
assessments awaiting review and the colleges silent this month (activities' and scoring's to-dos, core.todos)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import todos as report_todos
from activities.models import ActivityReport, Status
from colleges.models import College
from scoring import assessments, schemes
from scoring import todos as assessment_todos
from scoring.models import Scheme

from ..conftest import make_report
from ..helpers import todo_block, todo_entry


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
    drafts = todo_entry(page, "activities.drafts")
    assert "待完成的草稿" in drafts and f'href="{draft.get_absolute_url()}"' in drafts
    assert "data-todo-count>1<" in drafts
    back = todo_entry(page, "activities.returned")
    assert "被退回的报告" in back and f'href="{returned.get_absolute_url()}"' in back
    assert "退回原因： 请补充材料" in back
    assert "已提交待审核" in page and "?status=submitted" in page  # the college's figure, not a to-do
    assert "控制学院" not in page


def test_returned_reports_are_listed_newest_first_and_before_anything_else(users, college_a, as_user):
    make_report(college_a, users["sec1"], title="一份草稿")
    older = make_report(college_a, users["sec1"], status=Status.RETURNED, title="先退回的报告")
    newer = make_report(college_a, users["sec1"], status=Status.RETURNED, title="后退回的报告")
    ActivityReport.objects.filter(pk=older.pk).update(reviewed_at=timezone.now() - datetime.timedelta(days=2))

    [returned, drafts] = report_todos.college_todos(college_a.pk)

    assert [item.label for item in returned.items] == [newer.title, older.title]
    assert returned.urgent and not drafts.urgent
    page = page_of(as_user("sec1"))
    assert page.index("后退回的报告") < page.index("先退回的报告") < page.index("一份草稿")


def test_a_secretary_with_nothing_waiting_is_told_so(users, as_user):
    block = todo_block(page_of(as_user("sec1")))
    assert "data-todos-empty" in block and "目前没有等您处理的事项。" in block


@pytest.mark.parametrize(
    ("days", "shown", "urgent"),
    [
        (30, "还剩 30 天", False),
        (5, "还剩 5 天", True),
        (1, "还剩 1 天", True),
        (0, "今天截止", True),
        (-1, "已截止", True),
    ],
)
def test_the_self_assessment_deadline_shows_the_days_left(users, as_user, days, shown, urgent):
    scheme = with_deadline(days)
    entry = todo_entry(page_of(as_user("sec1")), "scoring.self_assessment")
    assert "2022 年度自评" in entry
    assert f"截止日期：{scheme.self_assessment_deadline:%Y-%m-%d}" in entry
    assert shown in entry
    assert f'href="{reverse("scoring:assessment", args=[2022, "aa"])}"' in entry
    assert ("text-bg-danger" in entry) is urgent


def test_a_self_assessment_without_a_deadline_says_so(users, as_user):
    scheme, _ = schemes.load_scheme_file()
    Scheme.objects.filter(pk=scheme.pk).update(self_assessment_deadline=None)
    assert "尚未设定截止日期。" in todo_entry(page_of(as_user("sec1")), "scoring.self_assessment")


def test_the_days_left_count_whole_local_days():
    deadline = datetime.date(2022, 11, 30)
    assert assessment_todos.days_left(deadline, datetime.date(2022, 11, 20)) == 10
    assert assessment_todos.days_left(deadline, datetime.date(2022, 11, 30)) == 0
    assert assessment_todos.days_left(deadline, datetime.date(2022, 12, 1)) == -1
    assert assessment_todos.days_left(None, datetime.date(2022, 12, 1)) is None


def test_a_submitted_self_assessment_leaves_the_list_and_shows_no_verdict(users, college_a, as_user):
    scheme = with_deadline(-3)
    submit_full_marks(college_a, users["sec1"], scheme)
    page = page_of(as_user("sec1"))
    assert 'data-todo="scoring.self_assessment"' not in page  # no longer the college's to do
    assert "已截止" not in page and "未达" not in page and "自评中" not in page


def test_staff_see_the_review_queue_by_age(users, college_a, as_user):
    now = timezone.now()
    ages = {"today": [0], "1–3": [1, 3], "4–7": [4, 6, 7], "older": [8, 30]}
    for days in [d for group in ages.values() for d in group]:
        report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=f"{days} 天前提交")
        ActivityReport.objects.filter(pk=report.pk).update(submitted_at=now - datetime.timedelta(days=days))
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="已通过的报告")  # not waiting

    [queue, *_] = report_todos.review_todos(timezone.localdate())

    assert [(item.label, item.note) for item in queue.items] == [
        ("今天提交", "1"),
        ("1–3 天前", "2"),
        ("4–7 天前", "3"),
        ("一周以上", "2"),
    ]
    entry = todo_entry(page_of(as_user("staff")), "activities.review")
    assert "待审核的活动报告" in entry and "data-todo-count>8<" in entry
    for label, count in [("今天提交", 1), ("1–3 天前", 2), ("4–7 天前", 3), ("一周以上", 2)]:
        assert f'href="{reverse("activities:review")}">{label}</a> <span class="' in entry
        assert f">{count}</span>" in entry.split(f">{label}</a>")[1].split("</li>")[0]
    assert "text-bg-danger" in entry  # a report has waited over a week


def test_staff_see_the_assessments_waiting_for_review(users, college_a, college_b, as_user):
    scheme, _ = schemes.load_scheme_file()
    submit_full_marks(college_a, users["sec1"], scheme)
    entry = todo_entry(page_of(as_user("staff")), "scoring.review")
    assert "待复评的考核" in entry
    assert f'href="{reverse("scoring:assessment", args=[2022, "aa"])}"' in entry
    assert f'href="{reverse("scoring:assessment", args=[2022, "bb"])}"' not in entry  # still self-assessing


def test_staff_see_the_colleges_that_filed_nothing_this_month(users, college_a, college_b, as_user):
    make_report(college_a, users["sec1"])
    last_month = make_report(college_b, users["sec2"])
    ActivityReport.objects.filter(pk=last_month.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    College.objects.create(code="cc", name="停办的学院", short_name="停办", campus="taihu", order=3, active=False)

    [silent] = [t for t in report_todos.review_todos(timezone.localdate()) if t.key == "activities.silent"]

    assert [item.label for item in silent.items] == ["控制技术学院"]
    entry = todo_entry(page_of(as_user("staff")), "activities.silent")
    assert f"{timezone.localdate().month} 月尚未填报的学院" in entry
    assert f'href="{college_b.get_absolute_url()}">控制技术学院</a></li>' in entry
    assert "停办的学院" not in entry


def test_the_month_bounds_run_from_the_first_to_the_next_first():
    start, end = report_todos.month_bounds(datetime.date(2022, 12, 31))
    assert timezone.localtime(start).date() == datetime.date(2022, 12, 1)
    assert timezone.localtime(end).date() == datetime.date(2023, 1, 1)


def test_staff_list_the_first_ten_silent_colleges_and_count_them_all(users, college_a, college_b):
    make_report(college_a, users["sec1"])
    for n in range(10):
        College.objects.create(code=f"x{n}", name=f"新学院{n}", short_name=f"新{n}", campus="taihu", order=10 + n)
    [silent] = [t for t in report_todos.review_todos(timezone.localdate()) if t.key == "activities.silent"]
    # Eleven silent colleges (college B and the new ten): the first ten listed in the school's order, all counted.
    assert [item.label for item in silent.items] == ["控制技术学院", *(f"新学院{n}" for n in range(9))]
    assert int(silent.count) == 11


def test_the_home_pages_take_a_fixed_number_of_queries(plan, users, college_a, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of(name) -> int:
        with CaptureQueriesContext(connection) as captured:
            page_of(as_user(name))
        return len(captured)

    def file_reports(count):
        for status in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED):
            for n in range(count):
                make_report(college_a, users["sec1"], status=status, title=f"报告 {status} {n}")

    file_reports(1)
    small = {name: queries_of(name) for name in ("sec1", "staff")}
    file_reports(10)
    assert {name: queries_of(name) for name in ("sec1", "staff")} == small
