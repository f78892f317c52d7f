"""Every main page at the widths people use — a phone (390), office laptops (1280, 1366) and a desktop (1920):
nothing scrolls sideways, no navigation item wraps or overlaps, nothing is cut off, and lists become cards on a
phone. A screenshot of each page at each width goes to test-artifacts/e2e/ for a person to look at."""

import pytest

from .conftest import log_in, shot
from .test_large_text import LAYOUT_PROBLEMS, MAIN_PAGES, WIDEST

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = [390, 1280, 1366, 1920]
# A navigation item on two lines is taller than one line of its text.
WRAPPED_NAV_ITEMS = """() => [...document.querySelectorAll(".navbar .nav-link")]
  .filter((el) => el.getClientRects().length > 0)
  .filter((el) => el.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(el).lineHeight))
  .map((el) => el.textContent.trim())"""


@pytest.mark.parametrize("persona", ["sec1", "staff", "office"])
def test_main_pages_fit_every_width(persona, school, browser, live_server):
    pages = MAIN_PAGES.get(persona, ["/", "/dashboard/2022/", "/scoring/2022/", "/reports/", "/plans/2022/"])
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server.url, persona)
        for number, url in enumerate(pages):
            page.goto(live_server.url + url)
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
