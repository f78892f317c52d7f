"""The care board's figures as workbook sheets: counts only, never a code, a note or a name."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from core.files import attach
from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, new_workbook

from . import figures
from .models import Need


def needs_sheet(workbook: Workbook, needs, *, book_title: str, title: str | None = None) -> None:
    """Needs open, matched and closed by college and category (colleges by their full names, as every sheet)."""
    sheet = TableSheet(
        workbook,
        title or _("Needs"),
        [
            (pgettext("field", "College"), 18),
            (pgettext("field", "Category"), 18),
            (pgettext("need status", "Open"), 10),
            (pgettext("need status", "Matched"), 10),
            (pgettext("need status", "Closed"), 10),
        ],
        book_title=book_title,
        name_sheet_in_header=title is not None,
    )
    for row in figures.needs_by_college_and_category(needs):
        sheet.append([row["college__name"], row["category__name"], row["open"], row["matched"], row["closed"]])


def needs_workbook_response(needs, year: int) -> HttpResponse:
    """The care export page's download: the year's needs (already cut to what the reader sees) as a workbook."""
    workbook = new_workbook()
    needs_sheet(workbook, needs, book_title=_("Care needs by college and category, %(year)s") % {"year": year})
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return attach(response, _("care-%(year)s.xlsx") % {"year": year})


def annual_sheets(workbook: Workbook, year: int, book_title: str) -> None:
    """The annual summary's care sheets (dashboard.exports calls this one hook)."""
    needs_sheet(workbook, Need.objects.filter(year=year), book_title=book_title, title=_("Care needs"))
    summary = figures.school_summary(year)
    sheet = TableSheet(
        workbook,
        _("Care and mentoring"),
        [(_("Figure"), 36), (_("Value"), 14)],
        book_title=book_title,
        name_sheet_in_header=True,
    )
    elders = summary["elders"]
    rows = [
        (pgettext("count", "Needs open"), summary["needs"]["open"]),
        (pgettext("count", "Needs matched"), summary["needs"]["matched"]),
        (pgettext("count", "Needs closed"), summary["needs"]["closed"]),
        (_("Median days from need to match"), summary["median_days"] if summary["median_days"] is not None else "—"),
        (_("Committee elders engaged"), f"{elders['engaged']} / {elders['all']}"),
        (_("Teachers retired this year engaged"), f"{elders['new_engaged']} / {elders['new']}"),
    ]
    # Outside the f-strings, where makemessages cannot read them.
    pairs, meetings = pgettext("count", "pairs"), pgettext("mentoring", "meetings")
    for row in summary["programmes"]:
        rows.append((f"{row['label']}：{pairs}", row["pairs"]))
        rows.append((f"{row['label']}：{meetings}", row["meetings"]))
    for label, value in rows:
        sheet.append([label, value])
