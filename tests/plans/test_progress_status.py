"""A work point shows its progress from the year's approved reports: in progress once an approved report of the plan's
year serves it, unless staff marked it done (their mark wins); drafts and other years' reports do not count."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityReport, Status
from plans.models import WorkPoint, WorkPointStatus

from ..conftest import make_report

SERVED = "4.2"  # the lecturer group's lectures: make_report's kind files against it


def progress_of(code: str) -> str:
    return WorkPoint.objects.of_year(2022).with_progress().get(code=code).progress


def summary() -> dict[str, int]:
    return {status: count for _label, count, status in WorkPoint.objects.of_year(2022).status_summary()}


def test_an_approved_report_of_the_year_puts_its_point_in_progress(plan, users, college_a):
    before = summary()
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    assert report.work_point.code == SERVED
    assert progress_of(SERVED) == WorkPointStatus.IN_PROGRESS
    assert WorkPoint.objects.get(pk=report.work_point_id).status == WorkPointStatus.NOT_STARTED  # nothing written
    after = summary()
    assert after[WorkPointStatus.IN_PROGRESS] == before[WorkPointStatus.IN_PROGRESS] + 1
    assert after[WorkPointStatus.NOT_STARTED] == before[WorkPointStatus.NOT_STARTED] - 1


def test_drafts_submitted_and_returned_reports_do_not_count(plan, users, college_a):
    for status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
        make_report(college_a, users["sec1"], status=status)
    assert progress_of(SERVED) == WorkPointStatus.NOT_STARTED


def test_another_years_approved_report_does_not_count(plan, users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    ActivityReport.objects.filter(pk=report.pk).update(year=2021, starts_on=datetime.date(2021, 5, 4))
    assert progress_of(SERVED) == WorkPointStatus.NOT_STARTED


def test_staff_marking_a_point_done_wins_and_their_in_progress_needs_no_report(plan, users, college_a):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    WorkPoint.objects.of_year(2022).filter(code=SERVED).update(status=WorkPointStatus.DONE)
    WorkPoint.objects.of_year(2022).filter(code="1.1").update(status=WorkPointStatus.IN_PROGRESS)
    assert progress_of(SERVED) == WorkPointStatus.DONE
    assert progress_of("1.1") == WorkPointStatus.IN_PROGRESS


def test_the_progress_of_every_point_is_one_query(plan, users, college_a):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    with CaptureQueriesContext(connection) as captured:
        points = list(WorkPoint.objects.of_year(2022).with_progress())
        summary()
    assert len(captured) == 2 and len(points) == 23


def test_every_page_that_shows_a_point_shows_its_progress(plan, users, college_a, as_user):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    point = WorkPoint.objects.of_year(2022).get(code=SERVED)
    in_progress = '<span class="badge text-bg-warning">进行中</span>'
    home = as_user("staff").get(reverse("home")).content.decode()
    listed = home.split(f'href="{point.get_absolute_url()}"')[1].split("</li>")[0]
    assert in_progress in listed
    plan_page = as_user("staff").get(reverse("plans:detail", args=[2022])).content.decode()
    assert in_progress in plan_page.split(f'href="{reverse("plans:work_point", args=[2022, SERVED])}"')[1]
    point_page = as_user("sec1").get(point.get_absolute_url()).content.decode()
    assert in_progress in point_page.split("<h1")[1].split("</h1>")[0]


def test_the_printed_summary_counts_points_by_their_progress(plan, users, college_a):
    from django.utils import translation

    from dashboard.narrative import section_accounts

    make_report(college_a, users["sec1"], status=Status.APPROVED)
    with translation.override("zh-hans"):
        fourth = next(account for account in section_accounts(2022) if account["number"] == 4)
    assert "进行中 1 项" in fourth["text"]
