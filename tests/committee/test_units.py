"""Member units' duties of the year, their self-reports with evidence, the committee's rating and the table."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from colleges.models import MemberUnit, Role
from committee import duties
from committee.models import RatingLevel, UnitReport, UnitReportFile, UnitReportStatus
from committee.services import meetings as meeting_services
from committee.services import units as unit_services
from committee.services.common import CommitteeError
from core.versions import StaleWrite
from notifications.models import Notification
from tests.conftest import client_for, make_user

from .conftest import pdf_upload


def test_a_units_duties_are_the_plans_work_points_that_name_it(plan, student_affairs):
    assert [p.code for p in duties.duties_of(student_affairs.pk, 2022)] == ["2.2", "5.2"]
    assert list(duties.duties_of(student_affairs.pk, 2030)) == []


def test_the_rating_scale_is_data(db):
    assert list(RatingLevel.objects.values_list("name", flat=True)) == ["优秀", "良好", "合格", "不合格"]


def unit_url(name, unit, *extra):
    return reverse(f"committee:{name}", args=[2022, unit.pk, *extra])


def test_the_contact_writes_submits_and_staff_return_then_rate(users, student_affairs, unit1, as_unit1, as_user):
    unit = student_affairs
    assert as_unit1.get(unit_url("unit", unit)).status_code == 200
    as_unit1.post(unit_url("unit_report", unit), {"text": "配合开展阳光屋关爱帮扶12次。", "version": 0})
    report = UnitReport.objects.get(unit=unit, year=2022)
    assert report.status == UnitReportStatus.DRAFT
    as_unit1.post(unit_url("unit_files", unit), {"files": [pdf_upload("台账.pdf")]})
    assert UnitReportFile.objects.get(report=report).original_name == "台账.pdf"
    report.refresh_from_db()
    as_unit1.post(unit_url("unit_transition", unit), {"action": "submit", "version": report.version})
    report.refresh_from_db()
    assert report.status == UnitReportStatus.SUBMITTED and report.submitted_at
    # Submitted: the unit may no longer change it.
    assert as_unit1.get(unit_url("unit_report", unit)).status_code == 302
    # The contact may not rate or return their own unit.
    assert as_unit1.get(unit_url("unit_rate", unit)).status_code == 403
    response = as_unit1.post(
        unit_url("unit_transition", unit), {"action": "return", "comment": "x", "version": report.version}
    )
    assert response.status_code == 403
    # A return needs a reason; with one, the unit is told.
    as_user("staff").post(unit_url("unit_transition", unit), {"action": "return", "version": report.version})
    assert UnitReport.objects.get().status == UnitReportStatus.SUBMITTED
    as_user("staff").post(
        unit_url("unit_transition", unit), {"action": "return", "comment": "请补充数据", "version": report.version}
    )
    report.refresh_from_db()
    assert report.status == UnitReportStatus.RETURNED and report.return_reason == "请补充数据"
    assert Notification.objects.filter(user=unit1, body__contains="请补充数据").exists()
    as_unit1.post(unit_url("unit_transition", unit), {"action": "submit", "version": report.version})
    report.refresh_from_db()
    good = RatingLevel.objects.get(name="良好")
    as_user("staff").post(
        unit_url("unit_rate", unit), {"rating": good.pk, "comment": "履职到位", "version": report.version}
    )
    report.refresh_from_db()
    assert report.status == UnitReportStatus.RATED and report.rating == good and report.rated_by == users["staff"]
    assert "良好" in as_unit1.get(reverse("committee:unit_home")).content.decode()


def test_a_rating_on_a_stale_page_is_refused(users, student_affairs):
    report = unit_services.save_unit_report(student_affairs, 2022, users["staff"], "自评", 0)
    report = unit_services.transition_unit_report(report, users["staff"], "submit", "", report.version)
    best, worst = RatingLevel.objects.get(name="优秀"), RatingLevel.objects.get(name="不合格")
    unit_services.rate_unit_report(report, users["staff"], best, "", report.version)
    with pytest.raises(StaleWrite):
        unit_services.rate_unit_report(report, users["staff"], worst, "", report.version)
    assert UnitReport.objects.get().rating == best


def test_a_draft_cannot_be_rated_nor_submitted_empty(users, student_affairs, as_user):
    report = unit_services.save_unit_report(student_affairs, 2022, users["staff"], "   ", 0)
    with pytest.raises(CommitteeError):
        unit_services.transition_unit_report(report, users["staff"], "submit", "", report.version)
    assert as_user("staff").get(unit_url("unit_rate", student_affairs)).status_code == 302
    with pytest.raises(CommitteeError):
        unit_services.rate_unit_report(report, users["staff"], RatingLevel.objects.first(), "", report.version)


def test_a_contact_sees_only_their_own_unit(users, student_affairs, unit1, as_unit1, as_user):
    other = MemberUnit.objects.get(name="教务")
    unit_services.save_unit_report(other, 2022, users["staff"], "教务处自评", 0)
    assert as_unit1.get(unit_url("unit", other)).status_code == 404
    assert as_unit1.post(unit_url("unit_report", other), {"text": "改", "version": 1}).status_code == 404
    assert UnitReport.objects.get(unit=other).text == "教务处自评"
    assert as_unit1.get(reverse("committee:units", args=[2022])).status_code == 403
    assert as_user("sec1").get(unit_url("unit", other)).status_code == 403


def test_the_party_office_and_the_quality_office_read_the_table(users, plan, student_affairs, quality_office, as_user):
    report = unit_services.save_unit_report(student_affairs, 2022, users["staff"], '=HYPERLINK("http://x")', 0)
    report = unit_services.transition_unit_report(report, users["staff"], "submit", "", report.version)
    unit_services.rate_unit_report(
        report, users["staff"], RatingLevel.objects.get(name="优秀"), "=1+1", report.version
    )
    quality = client_for(make_user("quality", Role.UNIT_CONTACT, member_unit=quality_office))
    for client in (as_user("office"), quality):
        page = client.get(reverse("committee:units", args=[2022]))
        assert page.status_code == 200
        rows = {row.unit.name: row for row in page.context["rows"]}
        assert rows["学工"].rating == "优秀" and [p.code for p in rows["学工"].duties] == ["2.2", "5.2"]
        assert rows["教务"].report is None
    response = as_user("office").get(reverse("committee:units_export", args=[2022]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["学工"][5] == "优秀" and values["学工"][6] == "=1+1"
    assert [cell.data_type for cell in sheet["G"] if cell.value == "=1+1"] == ["s"]  # text, never a formula
    assert values["学工"][2] == "2.2 委员单位履行工作职责；5.2 “阳光屋”“谈心屋”与重点人头疏导"


def test_evidence_is_checked_and_only_changes_while_editable(users, student_affairs, unit1, as_unit1):
    unit_services.save_unit_report(student_affairs, 2022, unit1, "自评", 0)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("台账.pdf", b"<script>", content_type="application/pdf")
    response = as_unit1.post(unit_url("unit_files", student_affairs), {"files": [fake]}, follow=True)
    assert "的文件类型不被接受" in response.content.decode()
    assert UnitReportFile.objects.count() == 0
    as_unit1.post(unit_url("unit_files", student_affairs), {"files": [pdf_upload()]})
    stored = UnitReportFile.objects.get()
    report = UnitReport.objects.get()
    unit_services.transition_unit_report(report, unit1, "submit", "", report.version)
    as_unit1.post(unit_url("unit_file_delete", student_affairs, stored.pk))
    assert UnitReportFile.objects.count() == 1


def test_a_unit_contact_marks_their_units_task_done_from_their_home(users, student_affairs, unit1, as_unit1):
    import datetime

    from committee.models import FollowUpTask, Meeting

    meeting = meeting_services.save_meeting(
        Meeting(title="全体委员会议", held_on=datetime.date(2022, 3, 1)), users["staff"], [], [student_affairs]
    )
    meeting_services.add_decision(
        meeting, users["staff"], "建好阳光屋", [], [student_affairs], datetime.date(2022, 6, 30)
    )
    task = FollowUpTask.objects.get()
    home = as_unit1.get(reverse("committee:unit_home")).content.decode()
    assert "建好阳光屋" in home and "5.2" in home
    as_unit1.post(reverse("committee:task_done", args=[task.pk]), {"note": "已建成", "version": task.version})
    task.refresh_from_db()
    assert task.status == "done" and task.done_by == unit1
    rows = {row.unit.name: row for row in duties.ratings_table(2022, datetime.date(2022, 12, 31))}
    assert (rows["学工"].tasks_done, rows["学工"].tasks_open) == (1, 0)
