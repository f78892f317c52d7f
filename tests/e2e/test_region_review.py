"""One member school's application in a real browser, from draft to published: the contact writes the report
(the live counter refuses 2,001 characters), scores and submits; the lead returns it, the contact resubmits;
the lead opens the round; the two reviewers from other schools score blind; the lead records the collective
result and publishes it; the school sees its result. Screenshots go to test-artifacts/e2e/."""

import pytest

from region.models import Application, Assignment, SchoolIndicator, Status

from ..conftest import PASSWORD
from ..region.builders import build_world
from .a11y import axe_violations, describe, failing, install_axe
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill_scores(page, indicators, lower=None):
    for indicator in indicators:
        value = indicator.max_points if indicator.code != lower else indicator.max_points - 5
        if indicator.mode == "points":
            page.fill(f"#id_score_{indicator.code}", f"{value.normalize():f}")
        else:
            page.select_option(f"#id_score_{indicator.code}", f"{value.normalize():f}")


def click_and_confirm(page, button):
    """An irreversible step's button asks first (static/js/a11y.js's dialog): confirm it."""
    page.click(button)
    with page.expect_navigation():
        page.locator("dialog.gkw-dialog[open] [data-dialog-confirm]").click()


def axe_problems(page, where):
    """axe-core on the page at a laptop's and a phone's width (these pages belong to roles outside the matrix)."""
    problems = []
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        problems += describe(f"{where} {width}px", failing(axe_violations(page)))
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def test_an_application_from_draft_to_published(users, open_page, live_server):
    world = build_world(users["staff"])
    application = Application.objects.get(region=world.region, institution=world.schools["s1"])
    indicators = list(SchoolIndicator.objects.filter(scheme__region=world.region))
    contact = open_page("contact-s1", PASSWORD)
    lead = open_page("staff", PASSWORD)
    install_axe(contact.context)
    problems = []

    # The contact writes the report: the counter counts characters and refuses one too many.
    contact.goto(f"{live_server.url}/region/application/{application.pk}/edit/")
    problems += axe_problems(contact, "contact application form")
    contact.fill("#id_report", "关" * 2001)
    counter = contact.locator("#id_report-count")
    assert "2001" in counter.inner_text() and "超出字数" in counter.inner_text()
    assert contact.locator("main form button[type=submit]").is_disabled()
    shot(contact, "region-01-too-long")
    contact.fill("#id_report", "我校关工委工作扎实。\n" + "关" * 1989)
    assert "2000" in counter.inner_text() and "超出字数" not in counter.inner_text()
    contact.fill("#id_party_agreed_on", "2022-10-20")
    fill_scores(contact, indicators)
    contact.click("main form button:has-text('保存')")
    assert "申报已保存" in contact.content()
    click_and_confirm(contact, "button:has-text('提交申报')")
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED

    # The lead returns it for completion; the contact resubmits.
    lead.goto(f"{live_server.url}/region/application/{application.pk}/")
    lead.fill("#return-comment", "请补充党委会议纪要。")
    lead.click("button:has-text('退回补充')")
    contact.goto(f"{live_server.url}/region/application/{application.pk}/")
    assert "请补充党委会议纪要。" in contact.content()
    click_and_confirm(contact, "button:has-text('提交申报')")
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED

    # The lead opens the round with the whole panel.
    lead.goto(f"{live_server.url}/region/{world.region.pk}/round/open/")
    lead.fill("#id_deadline", "2022-12-01")
    for box in lead.locator("input[name=panel]").all():
        box.check()
    lead.click("main form button[type=submit]")
    shot(lead, "region-02-round-open")
    assert Application.objects.get(pk=application.pk).status == Status.UNDER_REVIEW
    assignments = list(Assignment.objects.filter(application=application).select_related("reviewer"))
    assert {a.reviewer.username for a in assignments} == {"reviewer-s2", "reviewer-s3"}

    # Each reviewer scores blind and submits; the second sees the first's scores only after submitting.
    for index, assignment in enumerate(assignments):
        page = open_page(assignment.reviewer.username, PASSWORD)
        install_axe(page.context)
        page.goto(f"{live_server.url}/region/review/{assignment.pk}/")
        problems += axe_problems(page, "reviewer score sheet")
        assert "其他专家已提交的评分" not in page.content()
        fill_scores(page, indicators, lower="C2" if index else None)
        page.fill("#id_note_A1", f"第{index + 1}位专家意见")
        click_and_confirm(page, "button:has-text('提交我的评议')")
        if index:
            assert "第1位专家意见" in page.content()
        shot(page, f"region-03-review-{index + 1}")

    # The lead sees the flag, records the collective result and publishes it.
    lead.goto(f"{live_server.url}/region/{world.region.pk}/round/")
    assert lead.locator("td.table-danger").count() >= 1
    shot(lead, "region-04-consolidated")
    lead.goto(f"{live_server.url}/region/application/{application.pk}/result/")
    lead.fill("#id_opinion", "组织健全，工作扎实，建议加强品牌项目。")
    lead.click("main form button:has-text('保存')")
    click_and_confirm(lead, "button:has-text('公布结果')")
    assert Application.objects.get(pk=application.pk).status == Status.PUBLISHED

    contact.goto(f"{live_server.url}/region/application/{application.pk}/")
    assert "组织健全，工作扎实" in contact.content() and "集体评议结果" in contact.content()
    problems += axe_problems(contact, "contact's published result")
    shot(contact, "region-05-published")
    assert problems == [], "\n" + "\n".join(problems)
