"""Issue 31, item 1 walked on the demo as its people meet it: 太湖理工's contact completes the returned application
and resubmits it while the round is open; it goes to two reviewers of other schools at once; one submits their
review (asked first); the lead records the collective results of 太湖理工 and of 江南示范 (which the demo submitted
after the round opened), publishes every recorded result with one button (asked first), and the contact sees the
result. Closing the round asks on a page of its own when the browser runs no script. Screenshots of the round
page and of both confirmations at 1366 and 390 px go to test-artifacts/e2e/."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from region.models import Application, Assignment, AssignmentStatus, RoundStatus, SchoolIndicator, Status

from .a11y import install_axe, vnu_available, vnu_errors
from .conftest import shot
from .test_region_review import axe_problems, fill_scores

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEMO_PASSWORD = "gkw-demo-2022"
WIDTHS = (1366, 390)


@pytest.fixture
def demo(plan, kinds):
    # A browser test's flush empties the rows data migrations made (the committee's rating levels): put them back.
    importlib.import_module("committee.migrations.0002_rating_levels").create_levels(apps, None)
    call_command("load_demo", stdout=io.StringIO())


def log_in(browser, base_url, username, *, script=True):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", java_script_enabled=script, reduced_motion="reduce"
    )
    if script:
        install_axe(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page, errors


def confirm_in_dialog(page, button, name):
    """Click an irreversible step's button: the dialog asks; shot at both widths; then confirm."""
    page.click(button)
    dialog = page.locator("dialog.gkw-dialog[open]")
    dialog.wait_for()
    question = dialog.inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shot_path(f"{name}-{width}")))
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        dialog.locator("[data-dialog-confirm]").click()
    return question


def shot_path(name):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def shots_at_both_widths(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_returned_and_the_late_application_reach_a_published_result(demo, browser, live_server, tmp_path):
    base = live_server.url
    returned = Application.objects.get(region__year=2022, institution__code="d-th")
    late = Application.objects.get(region__year=2022, institution__code="d-jn")
    assert returned.status == Status.RETURNED
    indicators = list(SchoolIndicator.objects.filter(scheme__region=returned.region))

    # The contact completes the returned application and resubmits it, asked first.
    contact_context, contact, contact_errors = log_in(browser, base, "region_contact")
    contact.goto(f"{base}/region/application/{returned.pk}/edit/")
    contact.fill("#id_report", contact.input_value("#id_report") + "\n（演示）已补充党委会议纪要和品牌项目成果材料。")
    contact.click("main form button:has-text('保存')")
    assert "申报已保存" in contact.content()
    question = confirm_in_dialog(contact, "button:has-text('提交申报')", "region-round-01-submit-confirm")
    assert "确定提交申报吗" in question
    returned.refresh_from_db()
    assert returned.status == Status.UNDER_REVIEW
    assignments = list(Assignment.objects.filter(application=returned).select_related("reviewer__affiliation"))
    assert len(assignments) == 2
    assert all(a.reviewer.affiliation.institution_id != returned.institution_id for a in assignments)

    # One of its reviewers scores and submits, asked first.
    assignment = assignments[0]
    reviewer_context, reviewer, reviewer_errors = log_in(browser, base, assignment.reviewer.username)
    reviewer.goto(f"{base}/region/review/{assignment.pk}/")
    fill_scores(reviewer, indicators)
    question = confirm_in_dialog(reviewer, "button:has-text('提交我的评议')", "region-round-02-review-confirm")
    assert "确定提交评议吗" in question
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED

    # The lead sees the round, records both collective results and publishes every recorded one at once.
    lead_context, lead, lead_errors = log_in(browser, base, "staff")
    lead.goto(f"{base}/region/{returned.region_id}/round/")
    shots_at_both_widths(lead, "region-round-03-round")
    # 太湖理工's reviewers, one review pending: the lead may give it to the panel's third reviewer, by name.
    lead.goto(f"{base}/region/application/{returned.pk}/reviewers/")
    assert lead.locator("select[name=reviewer] optgroup").count() >= 1
    reviewers_problems = axe_problems(lead, "an application's reviewers")
    reviewers_html = lead_context.request.get(f"{base}/region/application/{returned.pk}/reviewers/").text()
    shots_at_both_widths(lead, "region-round-07-reviewers")
    for application in (returned, late):
        lead.goto(f"{base}/region/application/{application.pk}/result/")
        fill_scores(lead, indicators)
        lead.fill("#id_opinion", "（演示）组织健全，工作扎实。")
        lead.click("main form button:has-text('保存')")
        assert "集体评议结果已记录" in lead.content()
    lead.goto(f"{base}/region/{returned.region_id}/round/")
    question = confirm_in_dialog(lead, "button:has-text('发布全部已评结果')", "region-round-04-publish-all-confirm")
    assert "不能撤回" in question
    assert "份评议结果" in lead.content()
    for application in (returned, late):
        application.refresh_from_db()
        assert application.status == Status.PUBLISHED

    # The lead's new pages read well at both widths: the round, an application's reviewers, the confirm page.
    problems = reviewers_problems
    lead.goto(f"{base}/region/{returned.region_id}/round/")
    problems += axe_problems(lead, "round page")
    lead.goto(f"{base}/region/{returned.region_id}/round/")
    with lead.expect_navigation():  # the form sent without its dialog: the server asks on a page of its own
        lead.locator("form:has(button:has-text('结束本轮评议'))").evaluate("form => form.submit()")
    assert "请确认此操作" in lead.content()
    problems += axe_problems(lead, "confirm page")
    html = {
        "confirm": lead.content(),
        "round": lead_context.request.get(f"{base}/region/{returned.region_id}/round/").text(),
        "reviewers": reviewers_html,
    }
    lead.click("main a:has-text('取消')")
    assert f"/region/{returned.region_id}/round/" in lead.url
    assert problems == [], "\n" + "\n".join(problems)
    available, _why = vnu_available()
    if available:
        for name, text in html.items():
            (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
        assert vnu_errors(tmp_path.glob("*.html")) == {}

    # The school sees its result.
    contact.goto(f"{base}/region/application/{returned.pk}/")
    assert "集体评议结果" in contact.content() and "组织健全，工作扎实" in contact.content()
    shot(contact, "region-round-05-published")

    # Without a script, closing the round asks on a page of its own.
    plain_context, plain, _errors = log_in(browser, base, "staff", script=False)
    plain.goto(f"{base}/region/{returned.region_id}/round/")
    plain.click("button:has-text('结束本轮评议')")
    plain.wait_for_load_state()
    assert "请确认此操作" in plain.content() and "不能撤销" in plain.content()
    returned.region.review_round.refresh_from_db()
    assert returned.region.review_round.status == RoundStatus.OPEN
    shots_at_both_widths(plain, "region-round-06-close-confirm-page")
    plain.click("main form button:has-text('结束本轮评议')")
    plain.wait_for_load_state()
    returned.region.review_round.refresh_from_db()
    assert returned.region.review_round.status == RoundStatus.CLOSED

    for context in (contact_context, reviewer_context, lead_context, plain_context):
        context.close()
    assert contact_errors + reviewer_errors + lead_errors == []
