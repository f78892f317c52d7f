"""The 谈心屋's sheet of the annual summary workbook: counts only, never a word of a message."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import TableSheet

from .figures import school_summary


def annual_sheet(workbook, year: int, book_title: str) -> None:
    """Per college: threads, the students' messages received, threads answered and the median hours to the first
    answer (dashboard.exports calls this one hook)."""
    summary = school_summary(year)
    sheet = TableSheet(
        workbook,
        pgettext("page", "Talk room"),
        [
            (pgettext("field", "College"), 24),
            (pgettext("count", "Conversations"), 10),
            (pgettext("count", "Messages received"), 10),
            (pgettext("count", "Answered"), 10),
            (_("Median hours to the first answer"), 14),
        ],
        book_title=book_title,
        name_sheet_in_header=True,
    )

    def hours(value):
        return value if value is not None else "—"

    for row in summary["rows"]:
        sheet.append([row["college"], row["threads"], row["received"], row["answered"], hours(row["median_hours"])])
    total = summary["total"]
    sheet.append_below(
        [
            pgettext("total row", "Whole school"),
            total["threads"],
            total["received"],
            total["answered"],
            hours(total["median_hours"]),
        ]
    )
