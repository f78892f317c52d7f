"""The year's cycle in a real browser: a report filed, returned, corrected and approved; a self-assessment filled,
reviewed and finalised; the party office sees the new figures. Screenshots go to test-artifacts/e2e/."""

import io

import pytest
from PIL import Image

from activities.models import ActivityReport, Status
from core.text import fmt
from scoring import schemes
from scoring.models import Assessment, AssessmentStatus

from ..conftest import PASSWORD
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "合影.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def fill_scores(page, scheme, values):
    """Fill the score form: a select for yes/no and graded indicators, a number for the others."""
    for indicator in schemes.scored_indicators(scheme):
        field = page.locator(f"tr:has-text('{indicator.code} {indicator.name}') [name^='score_']")
        value = fmt(values[indicator.code])
        if indicator.mode == "points":
            field.fill(value)
        else:
            field.select_option(value)


def test_the_annual_cycle(plan, users, college_a, college_b, open_page, live_server, photo):
    scheme, _ = schemes.load_scheme_file()
    full = {i.code: i.max_points for i in schemes.scored_indicators(scheme)}
    sec1 = open_page("sec1", PASSWORD)
    staff = open_page("staff", PASSWORD)

    # sec1 files a report with a photo and submits it.
    sec1.goto(f"{live_server.url}/reports/new/")
    sec1.select_option("#id_kind", label="讲师团宣讲")
    sec1.fill("#id_title", "讲师团走进机械学院：百年党史")
    sec1.fill("#id_starts_on", "2022-05-04")
    sec1.fill("#id_ends_on", "2022-05-04")
    sec1.fill("#id_place", "机械学院报告厅")
    sec1.fill("#id_student_count", "120")
    sec1.fill("#id_summary", "老同志讲述党史故事。")
    sec1.click("button:has-text('保存')")
    sec1.set_input_files("#id_files", str(photo))
    sec1.click("button:has-text('上传')")
    # The photo is added in place; the page's Submit follows the report's new version.
    assert "已添加 1 个文件" in sec1.locator("[data-inplace-message]").inner_text()
    sec1.click("button:has-text('提交审核')")
    shot(sec1, "01-report-submitted")
    report = ActivityReport.objects.get()
    assert report.status == Status.SUBMITTED and report.evidence.count() == 1

    # staff open it from the queue and return it with a reason, beside its content and evidence.
    staff.goto(f"{live_server.url}/reports/review/")
    shot(staff, "02-review-queue")
    staff.click("a:has-text('讲师团走进机械学院')")
    staff.locator("textarea[name=comment]").fill("请补充签到表。")
    staff.locator("button:has-text('退回')").click()
    staff.wait_for_load_state()
    shot(staff, "02-review-queue-after-return")

    # sec1 sees the notification, corrects and resubmits.
    sec1.goto(f"{live_server.url}/")
    assert sec1.locator("#unread-count").inner_text() == "1"
    sec1.click("#notification-bell")
    assert "被退回修改" in sec1.content() and "请补充签到表。" in sec1.content()
    shot(sec1, "03-notification")
    sec1.click("button:has-text('查看')")
    sec1.click("a:has-text('编辑')")
    sec1.fill("#id_summary", "老同志讲述党史故事。已补充签到表。")
    sec1.click("button:has-text('保存')")
    sec1.click("button:has-text('重新提交审核')")

    # staff approve.
    staff.goto(f"{live_server.url}/reports/review/")
    staff.click("a:has-text('讲师团走进机械学院')")
    staff.locator("button:has-text('审核通过')").click()
    staff.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == Status.APPROVED

    # sec1 fills the self-assessment and submits it.
    sec1.goto(f"{live_server.url}/scoring/")
    sec1.click("a:has-text('填写自评')")
    fill_scores(sec1, scheme, full)
    sec1.click("button:has-text('保存')")
    sec1.click("button:has-text('提交自评')")
    sec1.click("dialog[open] [data-dialog-confirm]")  # asked once: it cannot be changed afterwards
    sec1.wait_for_load_state()
    shot(sec1, "04-self-assessment-submitted")
    assert Assessment.objects.get(college=college_a).status == AssessmentStatus.SUBMITTED

    # staff review and finalise.
    staff.goto(f"{live_server.url}/scoring/2022/colleges/aa/review/")
    fill_scores(staff, scheme, full)
    staff.click("button:has-text('保存')")
    staff.click("button:has-text('完成考核')")
    staff.click("dialog[open] [data-dialog-confirm]")
    staff.wait_for_load_state()
    shot(staff, "05-assessment-final")
    assessment = Assessment.objects.get(college=college_a)
    assert assessment.is_final and assessment.balanced

    # the office sees the new figures and the verdict.
    office = open_page("office", PASSWORD)
    office.wait_for_url("**/dashboard/2022/")
    content = office.content()
    assert "50%" in content  # college A of two is balanced
    row = office.locator("#college-table tr", has_text="机械技术学院")
    assert "均衡发展" in row.inner_text() and "100" in row.inner_text()
    assert "1场 / 25场" in content
    assert office.evaluate("Object.keys(Chart.instances).length") == 3
    shot(office, "06-dashboard")
