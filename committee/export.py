"""The member units' year as a workbook for the party office and the quality office (every cell inert)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.files import attach
from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, new_workbook


def ratings_workbook(year: int, rows) -> bytes:
    workbook = new_workbook()
    sheet = TableSheet(
        workbook,
        _("Member units %(year)d") % {"year": year},
        [
            (pgettext("field", "Member unit"), 12),
            (pgettext("field", "Full name"), 22),
            (_("Duties (work points)"), 36),
            (pgettext("page", "Self-report"), 10),
            (pgettext("field", "Evidence files"), 8),
            (pgettext("field", "Rating"), 8),
            (_("Comment on the rating"), 28),
            (_("Tasks done"), 10),
            (_("Tasks open"), 10),
            (_("Tasks overdue"), 10),
        ],
        book_title=_("Member units' duties and ratings, %(year)d") % {"year": year},
    )
    for row in rows:
        report = row.report
        sheet.append(
            [
                row.unit.name,
                row.unit.full_name,
                "；".join(f"{point.code} {point.title}" for point in row.duties),
                row.state or pgettext("status", "Not started"),
                len(report.files.all()) if report else 0,
                row.rating,
                report.rating_comment if report else "",
                row.tasks_done,
                row.tasks_open,
                row.tasks_overdue,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ratings_workbook_response(year: int, rows) -> HttpResponse:
    response = HttpResponse(ratings_workbook(year, rows), content_type=XLSX_CONTENT_TYPE)
    return attach(response, _("member-units-%(year)s.xlsx") % {"year": year})
