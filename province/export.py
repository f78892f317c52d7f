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
    (pgettext("province", "Application"), 12),
    (pgettext("province", "Collective total"), 10),
    (pgettext("province", "Balanced"), 10),
    (pgettext("page", "Colleges"), 8),
    (pgettext("province", "Colleges balanced"), 9),
    (pgettext("province", "Balanced share (%)"), 9),
    (pgettext("province", "Goal (%)"), 8),
    (pgettext("province", "Reports approved"), 9),
    (pgettext("province", "Reports submitted"), 9),
    (pgettext("count", "Students (person-times)"), 10),
    (pgettext("count", "Teachers (person-times)"), 10),
    (pgettext("count", "Needs open"), 8),
    (pgettext("count", "Needs matched"), 8),
    (pgettext("count", "Needs closed"), 8),
    (_("Committee elders engaged"), 10),
]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return pgettext("answer", "Yes") if value else pgettext("answer", "No")


def workbook_response(rows: list[SchoolRow], year: int) -> HttpResponse:
    workbook = new_workbook()
    title = _("Every school's year, %(year)s") % {"year": year}
    sheet = TableSheet(workbook, pgettext("province", "Schools"), COLUMNS, book_title=title, key_columns=1)
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
