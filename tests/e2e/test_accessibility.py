"""WCAG 2.1 AA (GB/T 37668) on every page: axe-core in Chromium at a phone's and a laptop's width for every
persona who may open the page, and the W3C HTML checker on the same pages.

The pages come from the permission matrix (tests/test_permissions.py: url_cases), so a page is checked as
soon as its URL is listed there: every GET that answers a persona with 200 and HTML, plus the pages outside
the matrix (log-in, 403, 404, password change) and a form sent back with errors. The public site is published
(news with a photo, a notice, a talk, an award: conftest.public_school), so the anonymous visitor's walk reads
its lists with something in them and the pages of one news item and one notice.
"""

import hashlib
import re
import time

import pytest
from django.urls import reverse

from ..conftest import client_for
from ..test_permissions import PERSONAS
from .a11y import BASE_DIR, STILL, axe_violations, describe, failing, install_axe, require_vnu, vnu_errors
from .conftest import log_in

WIDTHS = [(1366, 900), (390, 844)]
ROLES = [persona for persona in PERSONAS if persona not in {"anonymous", "norole"}]
# Pages the matrix does not list, each as one persona sees it.
EXTRA_PAGES = [
    ("anonymous", "login", "/accounts/login/"),
    # The public site (publicity), for anyone: its lists (the pages of one item come with public_school).
    *[
        ("anonymous", f"public-{path.strip('/') or 'home'}", path)
        for path in ["/", "/news/", "/notices/", "/brand-projects/", "/talks/", "/plan/", "/awards/"]
    ],
    ("norole", "forbidden", "/"),
    ("sec1", "not-found", "/plans/99999/"),
    ("sec1", "password_change", "/accounts/password_change/"),
]
REPORTS = BASE_DIR / "test-artifacts" / "a11y"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
MAIN = re.compile(r"<main\b.*</main>", re.S)


def pages_for(persona, cases):
    pages = [(name, url) for name, url, expected, _ in cases if expected.get(persona) == 200]
    return pages + [(name, url) for who, name, url in EXTRA_PAGES if who == persona]


def save_report(name, lines):
    """Keep what a run found in test-artifacts/a11y/, for CI's log and for whoever fixes it."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fingerprint(html: str) -> str:
    return hashlib.sha256(CSRF_TOKEN.sub("", html).encode()).hexdigest()


def main_fingerprint(html: str) -> str:
    found = MAIN.search(html)
    return fingerprint(found.group(0) if found else html)


def walk(browser, base_url, persona, pages, checked_elsewhere=frozenset()):
    """Open each HTML page once as `persona` and run axe-core at each width: (pages checked, failures)."""
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="zh-CN", **STILL)
    install_axe(context)
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    # A script the content security policy refused is a script that does not run for anyone.
    page.on("console", lambda message: "Security Policy" in message.text and script_errors.append(message.text))
    log_in(page, base_url, persona)
    problems, checked, seen = [], 0, set()
    try:
        for name, url in pages:
            head = context.request.get(base_url + url, max_redirects=0)
            if not head.headers.get("content-type", "").startswith("text/html"):
                continue  # a download (workbook, photo, PDF) or JSON: nothing to read in a browser
            if "sandbox" in head.headers.get("content-security-policy", ""):
                continue  # a preview of a document from elsewhere (an e-mail as sent), where no script may run
            key = fingerprint(head.text())
            if key in seen or (url, main_fingerprint(head.text())) in checked_elsewhere:
                continue
            seen.add(key)
            page.goto(base_url + url)
            page.wait_for_load_state("load")
            checked += 1
            for width, height in WIDTHS:
                page.set_viewport_size({"width": width, "height": height})
                problems += describe(f"{persona} {width}px {name} {url}", failing(axe_violations(page)))
            page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
    finally:
        context.close()
    problems += [f"{persona}: script or policy error: {error}" for error in script_errors]
    return checked, problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("persona", [*ROLES, "anonymous", "norole"])
def test_axe_finds_no_serious_violation_on_any_page(persona, public_school, users, browser, live_server):
    pages = pages_for(persona, public_school)
    checked_elsewhere = set()
    if persona == "admin":
        # The administrator sees the staff's pages with one more item in their own menu: a page whose content
        # is the staff's is checked once, for staff; the administrator's navigation on home and where it differs.
        staff = client_for(users["staff"])
        for name, url in pages:
            response = staff.get(url)
            if name != "home" and response.get("Content-Type", "").startswith("text/html"):
                checked_elsewhere.add((url, main_fingerprint(response.content.decode())))
    checked, problems = walk(browser, live_server.url, persona, pages, checked_elsewhere)
    save_report(f"axe-{persona}", [f"{checked} pages × {len(WIDTHS)} widths", *problems])
    assert checked > 0
    assert problems == [], "\n" + "\n".join(problems)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_no_serious_violation_on_a_form_sent_back_with_errors(plan, users, browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", **STILL)
    install_axe(context)
    page = context.new_page()
    log_in(page, live_server.url, "sec1")
    page.goto(live_server.url + reverse("activities:create"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() > 0
    problems = describe("sec1 390px form with errors", failing(axe_violations(page)))
    context.close()
    assert problems == [], "\n" + "\n".join(problems)


def test_every_page_is_valid_html(public_school, as_user, tmp_path):
    """The server's HTML of every page above, for every persona, through the W3C checker in one Java run."""
    require_vnu()
    started = time.monotonic()
    clients = {persona: as_user(None if persona == "anonymous" else persona) for persona in [*ROLES, "norole"]}
    clients["anonymous"] = as_user(None)
    seen, files = set(), {}
    for persona, client in clients.items():
        for name, url in pages_for(persona, public_school):
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            key = fingerprint(html)
            if key in seen:
                continue
            seen.add(key)
            path = tmp_path / f"{persona}--{name.replace(':', '-')}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = f"{persona} {name} {url}"
    fetched = time.monotonic()
    errors = vnu_errors(tmp_path.glob("*.html"))
    report = [f"{files[name]}: {message}" for name, messages in sorted(errors.items()) for message in messages]
    timing = f"pages rendered in {fetched - started:.1f} s, checked in {time.monotonic() - fetched:.1f} s"
    save_report("vnu", [f"{len(files)} distinct pages; {timing}", *report])
    assert len(files) > 40
    read = set(files.values())
    for name in ["public:news_detail", "public:notice_detail"]:
        assert any(line.startswith(f"anonymous {name} ") for line in read), name
    assert report == [], "\n" + "\n".join(report)
