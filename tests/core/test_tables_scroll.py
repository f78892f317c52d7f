"""Every table of a page sits in a box that scrolls on its own (Bootstrap's .table-responsive), so that on a phone
the table scrolls inside its frame and static/css/portal.css keeps each cell at least a short word wide, instead of
the page scrolling sideways or the cells breaking after every character. tests/e2e/test_widths.py checks the
tables as the permission matrix's pages render them at 390 px; this checks every template, rendered or not.

Documents that are not pages are left out: e-mails (laid out with tables for mail clients) and the PDFs."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOT_PAGES = [
    re.compile(r"/templates/notifications/email/"),
    re.compile(r"_pdf\.html$"),
    re.compile(r"/_pdf_[a-z_]+\.html$"),  # a part of a PDF (the annual summary's colleges)
    re.compile(r"/templates/care/_annual_summary\.html$"),  # a part of the annual summary's PDF
    re.compile(r"/templates/talkroom/_annual_summary\.html$"),  # a part of the annual summary's PDF
    re.compile(r"/templates/surveys/_annual_summary\.html$"),  # a part of the annual summary's PDF
]
TABLE = re.compile(r"<table\b")
OPENS = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\btable-responsive\b")


def page_templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = "/" + path.relative_to(ROOT).as_posix()
        if ".venv" in path.parts or "node_modules" in path.parts or relative.startswith("/tests/"):
            continue
        if not any(pattern.search(relative) for pattern in NOT_PAGES):
            yield relative, path.read_text(encoding="utf-8")


def unboxed_tables(text):
    """Line numbers of tables not inside a .table-responsive: the nearest such box before the table must still be
    open (no more </div> than <div> after it)."""
    found = []
    for match in TABLE.finditer(text):
        before = text[: match.start()]
        boxes = list(OPENS.finditer(before))
        if boxes:
            after_box = before[boxes[-1].end() :]
            if after_box.count("</div>") <= after_box.count("<div"):
                continue  # every <div> closed since the box was opened its own: the box is still open
        found.append(before.count("\n") + 1)
    return found


def test_every_table_of_a_page_scrolls_in_its_own_box():
    tables = {name: unboxed_tables(text) for name, text in page_templates() if TABLE.search(text)}
    assert len(tables) > 30
    problems = [f"{name}:{line}" for name, lines in tables.items() for line in lines]
    assert problems == [], 'wrap these tables in <div class="table-responsive">: ' + ", ".join(problems)


def test_the_check_finds_a_table_outside_a_box():
    assert unboxed_tables('<div class="card"><table class="table"></table></div>') == [1]
    assert unboxed_tables('<div class="table-responsive"></div>\n<table></table>') == [2]
    assert unboxed_tables('<div class="card"><div class="table-responsive d-none d-md-block">\n<table>') == []
    assert unboxed_tables('<div class="table-responsive"><div class="x"></div><table>') == []
