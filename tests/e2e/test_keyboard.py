"""Keyboard and focus: the skip link, a focus ring everyone can see, the focus on the error summary after a form
error, and dialogs (a confirmation, the photo viewer) that keep the focus inside and give it back."""

import pytest

from activities.models import Evidence, Status

from .a11y import STILL, axe_violations, describe, failing, install_axe
from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVE = "() => { const el = document.activeElement; return el ? (el.id || el.textContent.trim()) : null; }"
INSIDE_DIALOG = "() => !!document.activeElement.closest('dialog[open]')"


@pytest.fixture
def sec1_page(school, browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", **STILL)
    install_axe(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "sec1")
    yield page
    context.close()
    assert errors == []


def test_the_first_tab_offers_a_skip_link_to_the_content(sec1_page, live_server):
    page = sec1_page
    page.goto(f"{live_server.url}/reports/")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE) == "跳到主要内容"
    assert page.locator(".skip-link").is_visible()  # visible once it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE) == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_focus_is_visible_on_links_buttons_and_fields(sec1_page, live_server):
    page = sec1_page
    page.goto(f"{live_server.url}/reports/new/")
    for selector in [".navbar .nav-link", "#large-text-toggle", "main .btn-primary", "#id_title"]:
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert outline[0] == "solid" and outline[1] >= 2, (selector, outline)


def test_after_a_form_error_the_focus_is_on_the_explanation(sec1_page, live_server):
    page = sec1_page
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate(ACTIVE) == "error-summary"
    summary = page.locator("#error-summary")
    assert "未保存任何内容" in summary.inner_text()
    # Each problem links to its field.
    summary.locator("a", has_text="标题").click()
    assert page.evaluate("document.activeElement.id") == "id_title"


def test_a_confirmation_dialog_keeps_and_returns_the_focus(sec1_page, live_server, school):
    page = sec1_page
    evidence = Evidence.objects.get(report__status=Status.DRAFT)  # the draft's photo, not the waiting one's
    page.goto(f"{live_server.url}/reports/{evidence.report_id}/")
    remove = page.locator("main button[data-confirm]").first
    remove.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[open]")
    assert dialog.is_visible() and "删除照片" in dialog.inner_text()
    assert describe("confirmation dialog", failing(axe_violations(page))) == []
    for _ in range(5):  # Tab cycles within the dialog
        page.keyboard.press("Tab")
        assert page.evaluate(INSIDE_DIALOG)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(INSIDE_DIALOG)
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-confirm')")  # back where it was
    assert Evidence.objects.filter(pk=evidence.pk).exists()  # cancelled: nothing happened

    page.keyboard.press("Enter")
    page.locator("dialog[open] [data-dialog-confirm]").click()
    page.locator("#evidence a[data-lightbox]").wait_for(state="detached")  # removed in place
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_photo_viewer_names_the_photo_and_returns_the_focus(sec1_page, live_server, school):
    page = sec1_page
    evidence = Evidence.objects.get(report__status=Status.DRAFT)  # the draft's photo, not the waiting one's
    page.goto(f"{live_server.url}/reports/{evidence.report_id}/")
    thumbnail = page.locator("a[data-lightbox] img").first
    assert evidence.report.title in thumbnail.get_attribute("alt")
    page.locator("a[data-lightbox]").first.focus()
    page.keyboard.press("Enter")
    viewer = page.locator("dialog[open]")
    assert viewer.locator("img").get_attribute("alt") == thumbnail.get_attribute("alt")
    assert viewer.get_attribute("aria-label") == thumbnail.get_attribute("alt")
    assert page.evaluate(ACTIVE) == "关闭"
    assert describe("photo viewer", failing(axe_violations(page))) == []
    page.keyboard.press("Tab")
    assert page.evaluate(INSIDE_DIALOG)
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-lightbox')")


def test_the_sortable_table_sorts_by_keyboard(school, browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/dashboard/2022/")
    header = page.locator("#college-table th[data-sort]").first
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    context.close()
