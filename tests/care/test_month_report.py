"""A month's care work becomes an activity report in one step, and once approved is linked as evidence of the
care indicator (关爱帮扶活动实效, D1) in the college's self-assessment."""

import datetime

import pytest
from django.urls import reverse

from activities import services as activity_services
from activities.models import ActivityReport, ReportEvent, Status
from care import services, workflow
from care.models import CareSession, MaterialHelp, MonthlyCareReport, Need
from core.errors import Refused, RoleRefused
from core.uploads import check_upload
from scoring.assessments import link_reports

from ..conftest import client_for
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
    assert response["Location"] == f"{reverse('care:month_report')}?college=aa#month-{monthly.pk}"
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


def test_a_counsellor_files_their_month_adds_photos_and_submits_it_without_a_dead_end(
    month_of_care, users, counsellor, college_a, assessment
):
    """README: counsellors file the month's care report. They have none of the annual loop's pages, so the whole
    flow is on the care board's month page: generate, add photos, submit; the link to D1 is the secretary's."""
    client = client_for(counsellor)
    page = reverse("care:month_report")
    response = client.post(page, {"month": "2022-05"}, follow=True)
    monthly = MonthlyCareReport.objects.get()
    assert response.status_code == 200 and response.redirect_chain[-1][0].endswith(f"#month-{monthly.pk}")
    html = response.content.decode()
    assert "请添加照片后提交审核" in html and "无权" not in html
    assert f'action="{reverse("care:month_photos", args=[monthly.pk])}"' in html
    # Not submittable without a photo: the reason is the missing photo.
    submit = reverse("care:month_submit", args=[monthly.pk])
    response = client.post(submit, {"version": monthly.report.version}, follow=True)
    assert "照片" in response.content.decode() and monthly.report.status == Status.DRAFT

    response = client.post(reverse("care:month_photos", args=[monthly.pk]), {"files": [photo_upload()]}, follow=True)
    assert response.status_code == 200 and monthly.report.evidence.count() == 1
    report = ActivityReport.objects.get(pk=monthly.report_id)
    response = client.post(submit, {"version": report.version}, follow=True)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and "已提交审核" in response.content.decode()
    assert ReportEvent.objects.filter(report=report, action="submit", actor=counsellor).exists()

    # Staff approve it in their queue; the counsellor is not offered the link, and a post of theirs is told who may.
    activity_services.transition(report, users["staff"], "approve", "", report.version)
    html = client.get(f"{page}?college={college_a.code}").content.decode()
    link = reverse("care:link_evidence", args=[monthly.pk])
    assert "已通过" in html and link not in html and "由本学院关工委秘书在自评中关联为佐证" in html
    refused = client.post(link)
    assert refused.status_code == 403
    assert "您的角色无权" in refused.content.decode() and "本学院的关工委秘书" in refused.content.decode()
    assert "自评已提交" not in refused.content.decode()
    score = assessment.scores.get(indicator__code="D1")
    assert not score.reports.exists()

    # The college's secretary, who keeps the self-assessment, links it.
    secretary = client_for(users["sec1"])
    assert link in secretary.get(f"{page}?college={college_a.code}").content.decode()
    secretary.post(link)
    assert list(score.reports.values_list("pk", flat=True)) == [report.pk]


def test_linking_is_refused_for_the_role_before_any_state(month_of_care, users, counsellor, college_a, assessment):
    monthly = services.file_month_report(college_a, 2022, 5, counsellor)
    # A draft, and the self-assessment still 自评中: the counsellor's refusal is their role, whatever the state.
    with pytest.raises(RoleRefused) as refusal:
        services.link_as_evidence(monthly, counsellor)
    assert "本学院的关工委秘书" in refusal.value.message
    with pytest.raises(RoleRefused):
        link_reports(assessment, counsellor, {})
    # The secretary hears the state: the report is not approved yet.
    with pytest.raises(services.CareError) as refusal:
        services.link_as_evidence(monthly, users["sec1"])
    assert not isinstance(refusal.value, RoleRefused)


def test_a_returned_month_is_corrected_by_the_college_not_by_staff(month_of_care, users, counsellor, college_a):
    monthly = services.file_month_report(college_a, 2022, 5, counsellor)
    services.add_month_photos(monthly, counsellor, [check_upload(photo_upload())])
    report = ActivityReport.objects.get(pk=monthly.report_id)
    report = services.submit_month_report(monthly, counsellor, report.version)
    report = activity_services.transition(report, users["staff"], "return", "请补充照片说明", report.version)
    monthly.refresh_from_db()
    with pytest.raises(Refused):  # the returned report is the college's to correct: staff are refused for their role
        services.add_month_photos(monthly, users["staff"], [check_upload(photo_upload())])
    services.add_month_photos(monthly, counsellor, [check_upload(photo_upload())])
    html = client_for(counsellor).get(reverse("care:month_report")).content.decode()
    assert "请补充照片说明" in html and "重新提交审核" in html
