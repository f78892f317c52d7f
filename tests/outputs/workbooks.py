"""Every workbook the portal writes, in one registry, built from the demo data as the people who download them would.

A module that writes a workbook (it imports openpyxl, or `new_workbook`/`TableSheet` from core.xlsx) is either
the writer of a workbook listed here or named in NOT_WORKBOOKS with the reason; tests/outputs/test_workbooks.py
fails on any other, so a new export is checked on screen and in print from its first commit.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

YEAR = 2022
BASE_DIR = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", ".git", "tests", "tools", "static", "node_modules", "var", "staticfiles", "media", "locale"}


@dataclass(frozen=True)
class Book:
    name: str
    writer: str  # the module that lays the workbook out
    build: Callable[[], bytes]


def _download(username: str, url: str) -> bytes:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    return response.content


def _annual_summary() -> bytes:
    from dashboard import exports

    return exports.build_workbook(YEAR)


def _survey_answers() -> bytes:
    """The demo survey's answers as committee staff download them (one row per response)."""
    from surveys.demo import TITLE
    from surveys.models import Survey

    return _download("staff", reverse("surveys:export", args=[Survey.objects.get(title=TITLE).pk]))


def _review_summary() -> bytes:
    from region import exports
    from region.models import Region

    return exports.build_workbook(Region.objects.get(year=YEAR), lambda percent: None)


def _report_list_in_background() -> bytes:
    """The report list as a background build makes it (a list too long for a request)."""
    from activities.export import reports_of_export, reports_workbook, year_of_export
    from activities.models import ReportExport

    job = ReportExport(query=f"year={YEAR}")
    return reports_workbook(reports_of_export(job), year=year_of_export(job))


def _survey_invitation_codes() -> bytes:
    """A batch of invitation codes as their maker downloads it right after making them (the codes are never stored)."""
    from surveys import invitations
    from surveys.models import Survey

    survey = Survey.objects.first() or Survey(year=YEAR, title="学生价值取向与兴趣爱好调研")
    return invitations.codes_workbook(survey, [invitations.new_code() for _ in range(120)])


BOOKS = [
    Book(
        "report list", "activities.export", lambda: _download("staff", f"{reverse('activities:export')}?year={YEAR}")
    ),
    Book("report list (background)", "activities.export", _report_list_in_background),
    Book("annual summary", "dashboard.exports", _annual_summary),
    Book("survey answers", "surveys.exports", _survey_answers),
    Book("review summary", "region.exports", _review_summary),
    Book(
        "member units", "committee.export", lambda: _download("office", reverse("committee:units_export", args=[YEAR]))
    ),
    Book("care needs", "care.export", lambda: _download("staff", f"{reverse('care:export')}?year={YEAR}")),
    Book(
        "province overview", "province.export", lambda: _download("province", reverse("province:export", args=[YEAR]))
    ),
    Book("survey invitation codes", "surveys.invitations", _survey_invitation_codes),
    Book(
        "rectification items",
        "rectification.export",
        lambda: _download("office", reverse("rectification:export", args=[YEAR])),
    ),
    Book(
        "score template", "scoring.sheets", lambda: _download("staff", reverse("scoring:import_template", args=[YEAR]))
    ),
]

# Modules that write workbooks no person reads, each with the reason.
NOT_WORKBOOKS = {
    "core.xlsx": "the shared layout every workbook above is written with",
    "dashboard.bench.score_import": "the benchmark's input for the score importer, written under var/, not downloaded",
    "talkroom.export": "a sheet of the annual summary (checked there), not a workbook of its own",
}


def load_demo() -> None:
    from plans.services import DATA_DIR, load_workplan_file
    from scoring.schemes import load_scheme_file

    # As `make demo` does: the plan and its indicator scheme, then the demo rows.
    load_workplan_file(DATA_DIR / f"workplan_{YEAR}.json")
    load_scheme_file()
    call_command("load_demo", stdout=io.StringIO())


def build_all() -> dict[str, bytes]:
    return {book.name: book.build() for book in BOOKS}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)


def _writes_workbooks(node: ast.AST) -> bool:
    """An import of openpyxl, or of core.xlsx's workbook makers."""
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "openpyxl" for alias in node.names)
    if not isinstance(node, ast.ImportFrom) or not node.module:
        return False
    if node.module == "core.xlsx":
        return bool({alias.name for alias in node.names} & {"TableSheet", "new_workbook"})
    return node.module.split(".")[0] == "openpyxl"


def workbook_writers() -> set[str]:
    """The portal's modules that import openpyxl or core.xlsx's workbook makers."""
    return {
        _module_name(path)
        for path in sorted(BASE_DIR.rglob("*.py"))
        if not SKIPPED_DIRS & set(path.relative_to(BASE_DIR).parts[:-1])
        and any(_writes_workbooks(node) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    }
