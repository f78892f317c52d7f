"""Every main page at the widths people use — a phone (390), office laptops (1280, 1366) and a desktop (1920):
nothing scrolls sideways, no navigation item wraps or overlaps, nothing is cut off, and lists become cards on a
phone. A screenshot of each page at each width goes to test-artifacts/e2e/ for a person to look at."""

import pytest

from activities.models import ActivityReport, Status

from .conftest import log_in, shot
from .test_large_text import LAYOUT_PROBLEMS, WIDEST

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = [390, 1280, 1366, 1920]
# A navigation item on two lines is taller than one line of its text.
WRAPPED_NAV_ITEMS = """() => [...document.querySelectorAll(".navbar .nav-link")]
  .filter((el) => el.getClientRects().length > 0)
  .filter((el) => el.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(el).lineHeight))
  .map((el) => el.textContent.trim())"""


def main_pages(persona):
    """The pages each role uses daily: its home, its lists, a report, and the forms it fills in."""
    draft = ActivityReport.objects.filter(college__code="aa", status=Status.DRAFT).first()
    waiting = ActivityReport.objects.filter(status=Status.SUBMITTED).first()
    return {
        "sec1": [
            "/",
            "/reports/",
            "/reports/new/",
            f"/reports/{draft.pk}/",
            f"/reports/{draft.pk}/edit/",
            "/colleges/aa/",
            "/scoring/2022/colleges/aa/",
            "/scoring/2022/colleges/aa/self/",
            "/notifications/",
            "/plans/2022/",
        ],
        "staff": [
            "/",
            "/dashboard/2022/",
            "/reports/review/",
            f"/reports/review/{waiting.pk}/",
            "/reports/",
            "/scoring/2022/",
            "/scoring/2022/colleges/aa/",
            "/plans/2022/",
            "/plans/2022/points/1.1/",
            "/colleges/",
            "/notifications/",
        ],
        "office": [
            "/",
            "/dashboard/2022/",
            "/dashboard/2022/downloads/",
            "/scoring/2022/",
            "/reports/",
            "/plans/2022/",
        ],
    }[persona]


@pytest.mark.parametrize("persona", ["sec1", "staff", "office"])
def test_main_pages_fit_every_width(persona, school, browser, live_server):
    pages = main_pages(persona)
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server.url, persona)
        for number, url in enumerate(pages):
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{persona} {url}: {response.status}"
            found = page.evaluate(LAYOUT_PROBLEMS) + [f"{name} wraps" for name in page.evaluate(WRAPPED_NAV_ITEMS)]
            if any(p.endswith("px") for p in found):
                found.append(f"wider than the screen: {page.evaluate(WIDEST)}")
            problems += [f"{persona} {width}px {url}: {p}" for p in found]
            shot(page, f"width-{persona}-{width}-{number}")
        context.close()
    assert problems == [], "\n" + "\n".join(problems)


def test_the_report_list_is_cards_on_a_phone_and_a_table_on_a_laptop(school, browser, live_server):
    for width, cards, table in [(390, True, False), (1366, False, True)]:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/reports/")
        assert page.locator("ul.list-group a").first.is_visible() is cards
        assert page.locator("table").first.is_visible() is table
        # On a phone the filters wait behind one button instead of filling the first screen.
        assert page.locator("#report-filters").is_visible() is table
        context.close()


@pytest.mark.parametrize(
    ("persona", "url", "name"),
    [
        ("staff", "/reports/review/", "review queue"),
        ("staff", "/colleges/", "colleges"),
        ("staff", "/scoring/2022/", "school's scoring"),
        ("sec1", "/notifications/", "notifications"),
    ],
)
def test_the_main_lists_are_cards_on_a_phone(persona, url, name, school, browser, live_server):
    for width, phone in [(390, True), (1366, False)]:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server.url, persona)
        page.goto(live_server.url + url)
        tables = page.locator("main table:visible")
        items = page.locator("main :is(.list-group-item, .card-body):has(a, button):visible")
        if phone:
            # No table on a phone: each row is a card of its own.
            assert tables.count() == 0 and items.count() > 0, name
        elif url in ("/colleges/", "/scoring/2022/"):
            assert tables.count() == 1, name  # on a laptop the table is back
        context.close()


ONE_COLUMN = """() => [...new Set([...document.querySelectorAll(
  "main form :is(input.form-control, select.form-select, textarea.form-control)")]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => Math.round(el.getBoundingClientRect().left)))]"""


@pytest.mark.parametrize("url", ["/reports/new/", "/scoring/2022/colleges/aa/self/"])
def test_forms_are_one_column_on_a_phone(url, school, browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "sec1")
    page.goto(live_server.url + url)
    lefts = page.evaluate(ONE_COLUMN)
    shot(page, f"width-one-column-{url.strip('/').replace('/', '-')}")
    context.close()
    # Every field starts at the same left edge: one under the other, none beside another.
    assert len(lefts) == 1, lefts
