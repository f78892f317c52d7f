"""A month's care work becomes an activity report in one step, and once approved is linked as evidence of the
care indicator (关爱帮扶活动实效, D1) in the college's self-assessment."""

import datetime

import pytest
from django.urls import reverse

from activities import services as activity_services
from activities.models import ActivityReport, Status
from care import services, workflow
from care.models import CareSession, MaterialHelp, MonthlyCareReport, Need
from core.uploads import check_upload

from ..helpers import photo_upload


@pytest.fixture
def month_of_care(users, college_a, categories, offer_a):
    need = services.post_need(
        Need(college=college_a, category=categories["motivation"], person_code="JX-9", description="学习动力"),
        users["sec1"],
    )
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    pair = services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    for day, kind in [(3, "talk"), (17, "help")]:
        services.log_session(
            CareSession(pair=pair, held_on=datetime.date(2022, 5, day), minutes=60, kind=kind, note="私密"),
            users["sec1"],
        )
    services.record_material_help(
        MaterialHelp(college=college_a, given_on=datetime.date(2022, 5, 9), what="学习用品", people=20, value=800),
        users["sec1"],
    )


def test_one_step_files_a_draft_of_the_care_kind_with_counts_only(month_of_care, as_user, college_a):
    response = as_user("sec1").post(reverse("care:month_report"), {"month": "2022-05"})
    monthly = MonthlyCareReport.objects.get()
    report = monthly.report
    assert response["Location"] == report.get_absolute_url()
    assert report.college == college_a and report.status == Status.DRAFT and report.kind.code == "care-help"
    assert (report.starts_on, report.ends_on) == (datetime.date(2022, 5, 1), datetime.date(2022, 5, 31))
    assert "2" in report.summary and "20" in report.summary and "800" in report.summary
    assert "私密" not in report.summary and "JX-9" not in report.summary
    assert report.student_count == 21  # one student in a pair, twenty helped by the 阳光屋
    assert list(report.members.values_list("name", flat=True)) == ["乙老师"]


def test_a_month_is_filed_once_and_an_empty_month_not_at_all(month_of_care, users, college_a):
    services.file_month_report(college_a, 2022, 5, users["sec1"])
    with pytest.raises(services.CareError):
        services.file_month_report(college_a, 2022, 5, users["sec1"])
    with pytest.raises(services.CareError):
        services.file_month_report(college_a, 2022, 6, users["sec1"])
    assert ActivityReport.objects.count() == 1


def test_another_college_cannot_file_for_this_one(month_of_care, users, college_a, as_user):
    with pytest.raises(services.CareError):
        services.file_month_report(college_a, 2022, 5, users["sec2"])
    assert as_user("sec2").post(reverse("care:month_report") + "?college=aa", {"month": "2022-05"}).status_code == 404
    assert not MonthlyCareReport.objects.exists()


def test_an_approved_month_is_linked_as_evidence_of_the_care_indicator(
    month_of_care, users, college_a, assessment, as_user
):
    monthly = services.file_month_report(college_a, 2022, 5, users["sec1"])
    link = reverse("care:link_evidence", args=[monthly.pk])
    # Not yet approved: refused with a message, nothing linked.
    as_user("sec1").post(link)
    score = assessment.scores.get(indicator__code="D1")
    assert not score.reports.exists()
    report = monthly.report
    activity_services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    report.refresh_from_db()
    report = activity_services.transition(report, users["sec1"], "submit", "", report.version)
    activity_services.transition(report, users["staff"], "approve", "", report.version)
    response = as_user("sec1").post(link)
    assert response.status_code == 302
    assert list(score.reports.values_list("pk", flat=True)) == [report.pk]
    assert assessment.events.filter(action="link_reports").exists()
    with pytest.raises(services.CareError):  # twice is refused
        services.link_as_evidence(monthly, users["sec1"])
