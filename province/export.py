"""The overview's table as a workbook: one row per school, the figures the page shows (core.xlsx lays it out and
writes every text cell inert)."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.files import attach
from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, new_workbook

from .overview import SchoolRow

COLUMNS = [
    (pgettext("field", "School"), 24),
    (pgettext("field", "Region"), 16),
    (_("Application"), 12),
    (_("Collective total"), 10),
    (pgettext("field", "Balanced development"), 10),
    (pgettext("field", "Colleges"), 8),
    (_("Colleges balanced"), 9),
    (_("Balanced share (%)"), 9),
    (_("Goal (%)"), 8),
    (_("Reports approved"), 9),
    (_("Reports submitted"), 9),
    (_("Students (person-times)"), 10),
    (_("Teachers (person-times)"), 10),
    (pgettext("count", "Needs open"), 8),
    (pgettext("count", "Needs matched"), 8),
    (pgettext("count", "Needs closed"), 8),
    (_("Committee elders engaged"), 10),
]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return pgettext("verdict", "Yes") if value else pgettext("verdict", "No")


def workbook_response(rows: list[SchoolRow], year: int) -> HttpResponse:
    workbook = new_workbook()
    title = _("Every school's year, %(year)s") % {"year": year}
    sheet = TableSheet(workbook, _("Schools"), COLUMNS, book_title=title, key_columns=1)
    for row in rows:
        tally = row.tally
        running = (
            [
                tally.colleges,
                tally.balanced,
                row.balanced_percent,
                tally.balanced_goal,
                tally.reports_approved,
                tally.reports_submitted,
                tally.students,
                tally.teachers,
                tally.needs_open,
                tally.needs_matched,
                tally.needs_closed,
                f"{tally.elders_engaged} / {tally.elders}",
            ]
            if tally
            else [None] * 12
        )
        sheet.append(
            [
                row.name,
                "、".join(row.regions),
                row.application,
                row.collective_total,
                _yes_no(row.collective_balanced),
                *running,
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return attach(response, _("schools-%(year)s.xlsx") % {"year": year})
