import datetime
import io
import zoneinfo

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ActivityReport, Status
from activities.progress import lecturer_lectures
from colleges.models import College

from ..conftest import make_report


def test_the_export_has_chinese_headers_local_times_and_the_filtered_rows(users, college_a, college_b, as_user):
    approved = make_report(college_a, users["sec1"], status=Status.APPROVED, title="机械的宣讲")
    make_report(college_b, users["sec2"], title="控制的草稿")
    response = as_user("staff").get(reverse("activities:export"), {"status": "approved"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("学院", "标题", "类型", "工作要点")
    assert [row[1] for row in rows[1:]] == ["机械的宣讲"]
    submitted_column = rows[0].index("提交时间")
    beijing = approved.submitted_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).replace(tzinfo=None, microsecond=0)
    assert rows[1][submitted_column].replace(microsecond=0) == beijing
    assert rows[1][rows[0].index("状态")] == "已通过"


def test_a_secretarys_export_holds_only_their_college(users, college_a, college_b, as_user):
    make_report(college_a, users["sec1"], title="机械的")
    make_report(college_b, users["sec2"], title="控制的")
    sheet = load_workbook(io.BytesIO(as_user("sec2").get(reverse("activities:export")).content)).active
    assert [row[1] for row in list(sheet.values)[1:]] == ["控制的"]


def test_lecture_progress_counts_approved_lecturer_reports_of_the_year_only(users, college_a):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    make_report(college_a, users["sec1"], status=Status.APPROVED, kind="research")
    make_report(
        college_a,
        users["sec1"],
        status=Status.APPROVED,
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 3, 1),
    )
    assert lecturer_lectures(2022)[0] == 1
    assert lecturer_lectures(2023)[0] == 1


def test_demo_data_has_about_ten_reports_per_college_in_every_state(db):
    call_command("load_workplan")
    call_command("load_demo")
    call_command("load_demo")  # a second run adds nothing
    for college in College.objects.all():
        assert college.reports.count() == 10
    states = set(ActivityReport.objects.values_list("status", flat=True))
    assert states == {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED}
    assert ActivityReport.objects.filter(evidence__isnull=False).distinct().count() == ActivityReport.objects.count()
    assert lecturer_lectures(2022)[0] > 0
