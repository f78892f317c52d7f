"""Large text: the main pages at 200 % browser zoom and with a phone's largest font setting (nothing scrolls
sideways, no navigation item overlaps another, no label is cut off), and the 大字模式 that a user keeps."""

import pytest

from colleges.models import Preference

from .conftest import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAIN_PAGES = {
    "sec1": ["/", "/reports/", "/reports/new/", "/colleges/aa/", "/scoring/2022/colleges/aa/", "/notifications/"],
    "staff": ["/", "/dashboard/2022/", "/reports/review/", "/scoring/2022/", "/plans/2022/", "/colleges/"],
}

LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  }
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const boxes = [...document.querySelectorAll(".navbar-brand, .navbar-toggler, .navbar .nav-link")]
    .filter(shown).map((el) => [el, el.getBoundingClientRect()]);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 1
        && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 1;
      if (overlap) problems.push(`"${a.textContent.trim()}" overlaps "${b.textContent.trim()}"`);
    }
  }
  // A label wider than its box is cut off or runs into its neighbour (tables may scroll inside their frame).
  for (const el of document.querySelectorAll(".btn, .nav-link, .badge, h1, h2, .form-label, .breadcrumb-item")) {
    if (!shown(el) || el.closest(".table-responsive") || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${el.textContent.trim()}" is cut off`);
  }
  return problems;
}"""

WIDEST = """() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((el) => !el.closest(".table-responsive"))
  .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`).slice(0, 8)"""


def open_menu(page):
    """On a narrow screen the navigation is behind the menu button."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#mainnav.show").wait_for()
        page.wait_for_timeout(400)  # Bootstrap's collapse animation


def problems_on(page, base_url, persona, label):
    problems = []
    for url in MAIN_PAGES[persona]:
        page.goto(base_url + url)
        problems += [f"{persona} {label} {url}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        if problems and problems[-1].endswith("px"):
            problems.append(f"  wider than the screen: {page.evaluate(WIDEST)}")
        open_menu(page)
        problems += [f"{persona} {label} {url} (menu open): {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        if problems and problems[-1].endswith("px"):
            problems.append(f"  wider than the screen: {page.evaluate(WIDEST)}")
    return problems


@pytest.mark.parametrize("persona", ["sec1", "staff"])
def test_main_pages_work_at_200_percent_zoom(persona, school, browser, live_server):
    # A 1366 px laptop at 200 % zoom lays pages out in 683 CSS pixels, each drawn with two device pixels.
    context = browser.new_context(viewport={"width": 683, "height": 450}, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, persona)
    problems = problems_on(page, live_server.url, persona, "200%")
    shot(page, f"a11y-zoom-200-{persona}")
    context.close()
    assert problems == [], "\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("persona", "font_scale", "large_text"), [("sec1", 200, False), ("staff", 200, False), ("sec1", 150, True)]
)
def test_main_pages_work_with_a_phones_large_font(
    persona, font_scale, large_text, school, users, browser, live_server
):
    """A phone (390 px) whose font setting makes text up to twice as large; and 大字模式 on top of a large font."""
    Preference.objects.create(user=users[persona], large_text=large_text)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        f" document.documentElement.style.fontSize = '{font_scale}%'; }});"
    )
    page = context.new_page()
    log_in(page, live_server.url, persona)
    assert page.evaluate("document.documentElement.classList.contains('large-text')") == large_text
    label = f"phone, {font_scale}% font" + (", 大字模式" if large_text else "")
    problems = problems_on(page, live_server.url, persona, label)
    shot(page, f"a11y-phone-font-{font_scale}-{persona}")
    context.close()
    assert problems == [], "\n" + "\n".join(problems)


def test_large_text_is_kept_for_the_user_on_every_device(school, users, browser, live_server):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "sec1")
    page.goto(f"{live_server.url}/reports/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    open_menu(page)
    toggle = page.locator("#large-text-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    page.wait_for_url("**/reports/")  # back on the page they were reading
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= normal * 1.25
    assert Preference.objects.get(user=users["sec1"]).large_text
    phone.close()

    # Another device: the preference comes with the log-in.
    laptop = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = laptop.new_page()
    log_in(page, live_server.url, "sec1")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    shot(page, "a11y-large-text-home")
    open_menu(page)  # in large text the navigation folds into the menu below 1400 px
    page.locator("#large-text-toggle").click()
    page.wait_for_load_state()
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")
    assert not Preference.objects.get(user=users["sec1"]).large_text
    laptop.close()


NAV_ROWS = """() => {
  const items = [...document.querySelectorAll(".navbar-brand, .navbar .nav-link")]
    .filter((el) => el.getClientRects().length > 0);  // folded into the menu: not shown
  const centres = items.map((el) => { const r = el.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
  const wrapped = items.filter((el) => el.getClientRects().length > 1 || el.scrollWidth > el.clientWidth + 1);
  const bar = document.querySelector(".navbar > .container");
  const outside = items.filter((el) => el.getBoundingClientRect().right > bar.getBoundingClientRect().right + 1);
  return {
    spread: Math.max(...centres) - Math.min(...centres),
    wrapped: wrapped.map((el) => el.textContent.trim()),
    outside: outside.map((el) => el.textContent.trim()).concat(bar.scrollWidth > bar.clientWidth + 1 ? ["bar"] : []),
  };
}"""


@pytest.mark.parametrize(("large_text", "widths"), [(False, [992, 1200, 1280, 1366, 1920]), (True, [1400, 1920])])
def test_the_navigation_folds_into_the_menu_before_it_wraps(large_text, widths, school, users, browser, live_server):
    """Staff have the longest navigation bar. At every width it is one row, or folded behind the menu button (in
    大字模式 always: at 125 % it would not fit even 1920 px)."""
    Preference.objects.create(user=users["staff"], large_text=large_text)
    context = browser.new_context(viewport={"width": widths[0], "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "staff")
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/reports/review/")
        rows = page.evaluate(NAV_ROWS)
        if rows["spread"] > 12 or rows["wrapped"] or rows["outside"]:
            problems.append(f"{width}px{' 大字模式' if large_text else ''}: {rows}")
    context.close()
    assert problems == []
