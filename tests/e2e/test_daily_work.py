"""Issue 10's daily paths in a real browser: a secretary's to-do home, withdrawing a report, approving a batch
from the queue, adopting the self-assessed scores in the review, and filing a report on a phone with its photo
added on the form's own page. Screenshots go to test-artifacts/e2e/."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from activities import services
from activities.models import ActivityReport, Status
from scoring import assessments, schemes
from scoring.models import Assessment

from ..conftest import PASSWORD, make_report
from .conftest import shot
from .test_large_text import LAYOUT_PROBLEMS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "合影.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def confirm(page):
    """Press the confirmation dialog's confirm button, the one question an irreversible action asks."""
    dialog = page.locator("dialog[open]")
    dialog.locator("[data-dialog-confirm]").click()
    page.wait_for_load_state()


def test_a_secretarys_home_is_a_to_do_list(plan, users, college_a, open_page, live_server):
    make_report(college_a, users["sec1"], title="未完成的草稿")
    make_report(college_a, users["sec1"], status=Status.RETURNED, title="被退回的报告")
    ActivityReport.objects.filter(title="被退回的报告").update(return_reason="请补充签到表。")
    scheme, _ = schemes.load_scheme_file()
    scheme.self_assessment_deadline = timezone.localdate() + datetime.timedelta(days=5)
    scheme.save()

    page = open_page("sec1", PASSWORD)
    page.goto(f"{live_server.url}/")
    drafts = page.locator("[data-todo='activities.drafts']")
    assert drafts.locator("[data-todo-count]").inner_text() == "1" and "未完成的草稿" in drafts.inner_text()
    returned = page.locator("[data-todo='activities.returned']")
    assert "被退回的报告" in returned.inner_text() and "请补充签到表。" in returned.inner_text()
    assessment = page.locator("[data-todo='scoring.self_assessment']")
    assert "还剩 5 天" in assessment.inner_text()
    shot(page, "daily-01-secretary-to-do")
    page.locator("main a:has-text('新建报告')").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/reports/new/") and page.locator("#id_files").count() == 1


def test_a_secretary_withdraws_a_submitted_report_until_it_is_reviewed(plan, users, college_a, open_page, live_server):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="要撤回的报告")
    page = open_page("sec1", PASSWORD)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.locator("button:has-text('撤回')").click()
    assert page.locator("dialog[open]").is_visible()  # asks once
    confirm(page)
    assert "已撤回" in page.content()
    report.refresh_from_db()
    assert report.status == Status.DRAFT and report.submitted_at is None
    # A draft again: it can be changed, and it left the queue.
    assert page.locator("main a:has-text('编辑')").is_visible()
    shot(page, "daily-02-withdrawn")
    staff = open_page("staff", PASSWORD)
    staff.goto(f"{live_server.url}/reports/review/")
    assert "要撤回的报告" not in staff.content()


def test_staff_approve_a_batch_with_one_confirmation(plan, users, college_a, college_b, open_page, live_server):
    titles = ["第一份待审报告", "第二份待审报告", "第三份待审报告"]
    reports = [make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=t) for t in titles]
    page = open_page("staff", PASSWORD)
    page.goto(f"{live_server.url}/reports/review/")
    select_all = page.locator("[data-select-all]")
    assert select_all.is_visible()
    select_all.check()
    assert page.locator("input[data-pick]:checked").count() == 3
    page.locator("input[data-pick]").first.uncheck()
    assert page.evaluate("document.querySelector('[data-select-all]').indeterminate")
    select_all.check()
    assert "(3)" in page.locator("button:has-text('批量通过')").inner_text()

    # Meanwhile another reviewer approves one of them: it is told apart, not approved twice.
    other = reports[1]
    services.transition(other, users["admin"], "approve", "", other.version)
    page.locator("button:has-text('批量通过')").click()
    assert page.locator("dialog[open]").is_visible()
    confirm(page)
    text = page.content()
    assert "已通过 2 份报告" in text and "第二份待审报告" in text
    shot(page, "daily-03-batch-approved")
    assert set(ActivityReport.objects.values_list("status", flat=True)) == {Status.APPROVED}
    approvals = [r.events.filter(action="approve").count() for r in ActivityReport.objects.all()]
    assert approvals == [1, 1, 1]


def test_staff_adopt_the_self_assessed_scores_and_change_what_differs(
    plan, users, college_a, college_b, open_page, live_server
):
    scheme, _ = schemes.load_scheme_file()
    assessment = assessments.find_assessment(college_b, scheme)
    scores = list(assessments.scores_of(assessment))
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in scores}
    assessments.save_scores(assessment, users["sec2"], "self_score", full)
    assessments.transition(assessment, users["sec2"], "submit")

    page = open_page("staff", PASSWORD)
    page.goto(f"{live_server.url}/scoring/2022/colleges/bb/review/")
    page.locator("a:has-text('采用自评分')").click()
    page.wait_for_load_state()
    assert page.locator("[role=status]").is_visible()
    numbers = [s for s in scores if s.indicator.mode == "points"]
    changed = numbers[0]
    field = page.locator(f"[name=score_{changed.pk}]")
    assert field.input_value() == str(changed.indicator.max_points).rstrip("0").rstrip(".")
    field.fill("1")
    page.locator("main button:has-text('保存')").click()
    page.wait_for_load_state()
    shot(page, "daily-04-scores-adopted")
    reviewed = dict(Assessment.objects.get(pk=assessment.pk).scores.values_list("pk", "final_score"))
    assert reviewed[changed.pk] == 1
    assert all(reviewed[s.pk] == s.indicator.max_points for s in scores if s.pk != changed.pk)


def test_a_secretary_files_a_report_on_a_phone(plan, users, college_a, browser, live_server, photo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sec1")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.locator("main a:has-text('新建报告')").first.click()
    page.wait_for_load_state()
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    page.select_option("#id_kind", label="讲师团宣讲")
    page.fill("#id_title", "手机上填写的宣讲报告")
    page.fill("#id_starts_on", "2022-05-04")
    page.fill("#id_ends_on", "2022-05-04")
    page.fill("#id_place", "机械学院报告厅")
    page.fill("#id_student_count", "80")
    page.fill("#id_summary", "在手机上填写，并在同一页添加照片。")
    # The photo is chosen on the form's own page, and listed before it is sent.
    page.set_input_files("#id_files", str(photo))
    assert "合影.jpg" in page.locator("[data-chosen-files]").inner_text()
    shot(page, "daily-05-phone-form")
    page.locator("main button:has-text('保存')").click()
    page.wait_for_load_state()
    assert "含 1 个文件" in page.content()
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    page.locator("button:has-text('提交审核')").click()
    page.wait_for_load_state()
    shot(page, "daily-05-phone-submitted")
    report = ActivityReport.objects.get(title="手机上填写的宣讲报告")
    assert report.status == Status.SUBMITTED and report.evidence.count() == 1
    context.close()
    assert errors == []


def frame_src(preview):
    return preview.locator("iframe").get_attribute("src")


def test_the_photos_open_as_a_gallery_and_a_pdf_previews_in_the_page(plan, users, college_a, open_page, live_server):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.uploads import check_upload

    from ..helpers import photo_upload

    report = make_report(college_a, users["sec1"], title="有两张照片的报告")
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    uploads = [photo_upload("一.jpg"), photo_upload("二.jpg", colour=(0, 90, 0)), pdf]
    services.add_evidence(report, users["sec1"], [check_upload(u) for u in uploads])
    page = open_page("sec1", PASSWORD)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.locator("a[data-lightbox]").first.click()
    viewer = page.locator("dialog[open]")
    first_src = viewer.locator("img").get_attribute("src")
    assert "1 / 2" in viewer.locator("figcaption").inner_text()
    viewer.locator("[data-lightbox-next]").click()
    assert "2 / 2" in viewer.locator("figcaption").inner_text()
    assert viewer.locator("img").get_attribute("src") != first_src
    page.keyboard.press("ArrowRight")  # round to the first again
    assert viewer.locator("img").get_attribute("src") == first_src
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0

    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    preview = page.locator("details[data-pdf-preview]")
    with page.expect_response(lambda r: r.url.endswith(frame_src(preview))) as served:
        preview.locator("summary").click()
    frame = preview.locator("iframe")
    assert frame.is_visible() and frame.get_attribute("title") == "预览：签到表.pdf"
    response = served.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.header_value("content-security-policy").startswith("sandbox;")
    assert response.header_value("x-frame-options") == "SAMEORIGIN"
    page.wait_for_timeout(300)
    assert refused == []  # the page's policy lets our frame in, the file's lets our page frame it
    shot(page, "daily-06-gallery-and-pdf")


def test_without_javascript_the_form_still_takes_its_files(plan, users, college_a, browser, live_server, photo):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sec1")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    report = make_report(college_a, users["sec1"], title="不用脚本的报告")
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    page.fill("#id_student_count", "30")
    page.set_input_files("#id_files", str(photo))
    page.locator("main button:has-text('保存')").click()
    page.wait_for_load_state()
    assert "新增 1 个文件" in page.content()
    assert report.evidence.count() == 1
    context.close()


def test_on_the_form_page_files_are_uploaded_and_removed_in_place(
    plan, users, college_a, open_page, live_server, photo
):
    report = make_report(college_a, users["sec1"], title="原来的标题")
    page = open_page("sec1", PASSWORD)
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    page.evaluate("window.stillTheSamePage = true")
    page.fill("#id_title", "还没保存的标题")
    page.set_input_files("#id_files", str(photo))
    page.locator("[data-upload-now]").click()
    page.locator("#evidence a[data-lightbox]").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True  # no page load: what was typed is still there
    assert page.input_value("#id_title") == "还没保存的标题"
    assert "已添加 1 个文件" in page.locator("[data-inplace-message]").inner_text()
    assert report.evidence.count() == 1
    shot(page, "daily-07-uploaded-in-place")

    # The Save that follows is not refused as stale: the form moved on with the upload.
    page.fill("#id_student_count", "30")
    page.locator("main button:has-text('保存')").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.title == "还没保存的标题" and report.evidence.count() == 1

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#evidence button:has-text('移除')").click()
    page.locator("dialog[open] [data-dialog-confirm]").click()
    page.locator("#evidence a[data-lightbox]").wait_for(state="detached")
    assert page.evaluate("window.stillTheSamePage") is True
    assert not report.evidence.exists()
