"""The accessibility checks can fail: on a page built to break the rules they report each fault, readably,
and on the same page done right they report nothing. Without this, a checker that silently ran nothing (axe
not loaded, vnu reading no file) would pass every page."""

from pathlib import Path

from .a11y import axe_violations, describe, failing, install_axe, require_vnu, vnu_errors

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def check(browser, name):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    install_axe(context)
    page = context.new_page()
    page.goto((FIXTURES / name).as_uri())
    violations = failing(axe_violations(page))
    context.close()
    return violations


def test_axe_reports_each_fault_of_a_bad_page(browser):
    violations = check(browser, "bad_page.html")
    assert {v["id"] for v in violations} >= {"color-contrast", "aria-progressbar-name", "image-alt", "label"}
    report = "\n".join(describe("guard 390px bad_page", violations))
    assert "color-contrast (serious" in report and "#d29999" in report
    assert "guard 390px bad_page: image-alt (critical" in report


def test_axe_passes_the_same_page_done_right(browser):
    assert check(browser, "good_page.html") == []


def test_the_html_checker_reports_the_faults_and_passes_the_good_page():
    require_vnu()
    errors = vnu_errors([FIXTURES / "bad_page.html", FIXTURES / "good_page.html"])
    bad = "\n".join(errors.get("bad_page.html", []))
    assert "“for” not allowed on element “legend”" in bad
    assert "The “role” attribute must not be used on a “th” element" in bad
    assert "good_page.html" not in errors
