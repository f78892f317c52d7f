"""Every main page at the widths people use — a phone (390), office laptops (1280, 1366) and a desktop (1920):
nothing scrolls sideways, no navigation item wraps or overlaps, nothing is cut off, and lists become cards on a
phone. A screenshot of each page at each width goes to test-artifacts/e2e/ for a person to look at."""

import pytest
from django.contrib.auth import get_user_model

from activities.models import ActivityReport, Status
from colleges.models import MemberUnit, Role

from ..conftest import make_user
from .conftest import log_in, shot
from .test_large_text import LAYOUT_PROBLEMS, WIDEST, open_menu

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


# The demo accounts as `manage.py load_demo` makes them: (username, display name, role, college, member unit,
# member school), read from each app's demo module so that a name changed there is tested here.
def demo_accounts():
    from care import demo as care_demo
    from colleges import demo as colleges_demo
    from committee import demo as committee_demo
    from publicity import demo as publicity_demo
    from region import demo as region_demo

    accounts = [(u, name, role, code) for u, name, role, code in colleges_demo.DEMO_ACCOUNTS]
    accounts += [(u, name, role, code) for u, name, role, code in care_demo.DEMO_ACCOUNTS]
    accounts += [(u, name, Role.UNIT_CONTACT, None) for u, name, _unit in committee_demo.UNIT_ACCOUNTS]
    accounts.append((publicity_demo.CORRESPONDENT[0], publicity_demo.CORRESPONDENT[1], Role.CORRESPONDENT, "jx"))
    accounts += [(u, name, role, None) for u, name, role, _school in region_demo.ACCOUNTS]
    return accounts


# A name of 20 characters, and the longest the portal allows (the settings form's and the user model's 150),
# with no place to break: nothing but an ellipsis keeps it in the bar.
TWENTY = "无锡职业技术学院关工委常务副主任兼秘书长"
LONGEST = "W" * 150

USER_MENU = """() => {
  const root = document.documentElement;
  const inside = (el) => {
    const r = el.getBoundingClientRect();
    return el.getClientRects().length > 0 && r.width > 0 && r.left >= -1 && r.right <= root.clientWidth + 1;
  };
  const toggle = document.querySelector("#user-menu");
  const menu = document.querySelector("#user-menu + .dropdown-menu");
  const problems = [];
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  }
  if (!inside(toggle)) {
    problems.push(`the user menu toggle is outside the screen: ${JSON.stringify(toggle.getBoundingClientRect())}`);
  }
  if (menu.classList.contains("show")) {
    for (const item of menu.querySelectorAll(".dropdown-item")) {
      if (!inside(item)) problems.push(`"${item.textContent.trim()}" is outside the screen`);
    }
  }
  return problems;
}"""


def user_menu_problems(page, base_url, label):
    """The user's menu at each width: the toggle and, opened, every item on the screen; nothing scrolls sideways."""
    problems = []
    for width in [1920, 1366, 1280, 390]:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + "/")
        open_menu(page)
        found = page.evaluate(USER_MENU) + [f"{name} wraps" for name in page.evaluate(WRAPPED_NAV_ITEMS)]
        page.locator("#user-menu").click()
        page.locator("#user-menu + .dropdown-menu.show").wait_for()
        found += [p for p in page.evaluate(USER_MENU) if p not in found]
        if any(p.startswith("the page scrolls") for p in found):
            found.append(f"wider than the screen: {page.evaluate(WIDEST)}")
        problems += [f"{label} {width}px: {p}" for p in found]
    return problems


def test_the_navigation_fits_with_every_demo_name_and_the_longest(school, users, college_a, browser, live_server):
    """Each demo account with its own display name, and staff and a secretary (the longest bars) with a name of 20
    characters and of 150: at 1920, 1366, 1280 and 390 px the bar does not scroll sideways and the user's menu —
    its toggle and its items (个人设置, 退出登录) — is on the screen. The full name stays in the title and the menu."""
    from institutions.models import Institution
    from region.models import Affiliation

    User = get_user_model()
    unit = MemberUnit.objects.first()
    school_of_region = Institution.objects.first()
    accounts = demo_accounts()
    assert len(accounts) == 15
    for username, name, role, code in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            college = college_a if code else None
            user = make_user(username, role, college, unit if role == Role.UNIT_CONTACT else None)
            if role in {Role.REGION_CONTACT, Role.REGION_REVIEWER}:
                Affiliation.objects.create(user=user, institution=school_of_region)
        User.objects.filter(pk=user.pk).update(first_name=name)
    problems = []
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    for username, name, _role, _code in accounts:
        page = context.new_page()
        log_in(page, live_server.url, username)
        assert page.locator("#user-menu").get_attribute("title").startswith(name), username
        problems += user_menu_problems(page, live_server.url, f"{username} ({name})")
        if username in {"staff", "sec1"}:
            for long_name in [TWENTY, LONGEST]:
                User.objects.filter(username=username).update(first_name=long_name)
                problems += user_menu_problems(page, live_server.url, f"{username} ({len(long_name)} characters)")
                shot(page, f"width-user-menu-{username}-{len(long_name)}")
            User.objects.filter(username=username).update(first_name=name)
        page.context.clear_cookies()
        page.close()
    context.close()
    assert len(TWENTY) == 20
    assert User._meta.get_field("first_name").max_length == len(LONGEST)
    assert problems == [], "\n" + "\n".join(problems)


TABLE_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  }
  const scrollsOnItsOwn = (table) => {
    for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  for (const table of document.querySelectorAll("main table")) {
    if (table.getClientRects().length === 0) continue;  // a card list stands in for it on a phone
    const boxed = scrollsOnItsOwn(table);
    const name = (table.querySelector("caption, th")?.textContent || table.id || "a table").trim().slice(0, 20);
    if (!boxed) problems.push(`table "${name}" is not in a box that scrolls on its own`);
    for (const cell of table.querySelectorAll(":scope > * > tr > :is(th, td)")) {
      const text = cell.textContent.replace(/\\s+/g, "");
      if (text.length < 2 || cell.getClientRects().length === 0) continue;
      const style = getComputedStyle(cell);
      const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      // Narrower than two characters: Chinese text breaks after every one of them.
      if (inner < 2 * parseFloat(style.fontSize) - 1) {
        problems.push(`table "${name}": cell "${text.slice(0, 20)}" is ${Math.round(inner)}px wide`);
      }
    }
    for (const badge of table.querySelectorAll(".badge")) {
      if (badge.getClientRects().length > 1) {
        problems.push(`table "${name}": badge "${badge.textContent.trim()}" wraps`);
      }
    }
  }
  return problems;
}"""


def test_every_table_of_the_matrix_reads_on_a_phone(school, browser, live_server):
    """Every page of the permission matrix (tests/test_permissions.py: url_cases), as each persona allowed to open
    it, at 390 px: the page does not scroll sideways; each table shown is in a box that scrolls on its own, no cell
    with text is narrower than two characters and no badge in a table breaks. A page whose content another persona
    already showed is not opened again."""
    from .test_accessibility import ROLES, fingerprint, main_fingerprint, pages_for

    problems, checked, seen = [], 0, set()
    for persona in ROLES:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server.url, persona)
        for name, url in pages_for(persona, school):
            head = context.request.get(live_server.url + url, max_redirects=0)
            if not head.headers.get("content-type", "").startswith("text/html"):
                continue  # a download or JSON
            if "sandbox" in head.headers.get("content-security-policy", ""):
                continue  # an e-mail as sent, shown in a sandbox
            key = main_fingerprint(head.text()) if "<main" in head.text() else fingerprint(head.text())
            if key in seen:
                continue
            seen.add(key)
            page.goto(live_server.url + url)
            checked += 1
            found = page.evaluate(TABLE_PROBLEMS)
            if any(p.startswith("the page scrolls") for p in found):
                found.append(f"wider than the screen: {page.evaluate(WIDEST)}")
            problems += [f"{persona} {name} {url}: {p}" for p in found]
        context.close()
    assert checked > 100
    assert problems == [], "\n" + "\n".join(problems)
