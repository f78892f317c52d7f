"""A real Chromium (Debian's package) driving the portal served by pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

from activities.models import Status
from dashboard.models import AnnualExport

from ..conftest import PASSWORD, make_report
from ..test_permissions import url_cases

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "e2e"
# Chromium runs as root in CI and has no network here: these flags keep it from trying.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# The live server runs in a thread of this process; the test body reads the database from the event loop
# Playwright's sync API keeps, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(username, password) -> a logged-in page in its own browser context; collects script errors."""
    contexts, errors = [], []

    def open_as(username, password):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{username}: {error}"))
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert errors == [], errors


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def school(plan, users, college_a, college_b, report, assessment, export):
    """The matrix's objects, and reports in every state and summaries being built, so that queues, lists and
    the downloads page show what they show on a busy day."""
    for status in [Status.SUBMITTED, Status.RETURNED, Status.APPROVED]:
        make_report(college_a, users["sec1"], status=status, title=f"{status.label}：关爱帮扶")
    make_report(college_b, users["sec2"], status=Status.APPROVED, title="五老进课堂")
    AnnualExport.objects.create(year=2022, format="pdf", requested_by=users["office"], state="running", progress=40)
    AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["staff"], state="failed", error="超时")
    return url_cases(plan, college_a, report, assessment, export)


@pytest.fixture
def public_school(school, college_a):
    """The school with its public site published (news with a photo, a notice, a talk, an award): the matrix's
    cases and, for the anonymous visitor, the pages of the published news item and notice."""
    from ..matrix.publicity import publish_public_site

    return school + [(name, url, {"anonymous": 200}, False) for name, url in publish_public_site(college_a)]


def log_in(page, base_url, persona):
    page.goto(f"{base_url}/accounts/login/")
    if persona == "anonymous":
        return
    page.fill("#id_username", persona)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
