"""The review summary table (评议汇总表) as an xlsx workbook (inert cells) and a Chinese PDF (WeasyPrint), built the
way the annual summary is (dashboard.exports): in a background task that reports its progress.

The workbook's first sheet is the table of schools; then a sheet per reviewed school with its scores per
indicator: its own, each reviewer's, their mean and the collective one. A sheet per school rather than one long
sheet: each school has its own reviewers, whose names head its columns, and each prints as a page of its own."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.pdf import render_pdf, weasyprint
from core.xlsx import TableSheet, new_workbook

from .models import Region
from .summary import IndicatorTable, indicator_tables, summary_rows

ProgressCallback = Callable[[int], None]


def _columns():
    return [
        (pgettext("field", "Member school"), 28),
        (pgettext("field", "Status"), 8),
        (pgettext("field", "Self-assessed total"), 10),
        (pgettext("field", "Reviewers' mean"), 10),
        (pgettext("field", "Collective total"), 10),
        (pgettext("field", "Verdict"), 12),
        (pgettext("field", "Reasons"), 30),
        (pgettext("field", "Review opinion"), 46),
        (_("On-site visit and findings"), 40),
    ]


def book_title(region: Region) -> str:
    return _("Review summary of %(region)s, %(year)s") % {"region": region.name, "year": region.year}


# A sheet's name: at most 31 characters, none of these (Excel's rules).
_SHEET_NAME_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")


def _sheet_name(table: IndicatorTable) -> str:
    institution = table.application.institution
    return (institution.short_name or institution.name).translate(_SHEET_NAME_FORBIDDEN)[:31] or institution.code


def _indicator_columns(table: IndicatorTable):
    return [
        (pgettext("field", "Code"), 6),
        (pgettext("field", "Indicator"), 30),
        (pgettext("field", "Maximum points"), 7),
        (pgettext("field", "Self score"), 8),
        *[(column.name, 12) for column in table.reviewers],
        (pgettext("field", "Reviewers' mean"), 9),
        (pgettext("field", "Collective score"), 9),
    ]


def _indicator_sheet(workbook, region: Region, table: IndicatorTable) -> None:
    title = _("Scores by indicator of %(school)s: %(summary)s") % {
        "school": table.application.institution.name,
        "summary": book_title(region),
    }
    sheet = TableSheet(
        workbook, _sheet_name(table), _indicator_columns(table), book_title=title, title_row=True, key_columns=2
    )
    for row in table.rows():
        indicator = row["indicator"]
        name = f"{indicator.group} · {indicator.name}" if indicator.group else indicator.name
        sheet.append(
            [
                indicator.code,
                name,
                indicator.max_points,
                row["self"],
                *row["reviewers"],
                row["mean"],
                row["collective"],
            ]
        )
    application = table.application
    sheet.append_below(
        [
            pgettext("field", "Total"),
            None,
            table.max_total,
            application.self_total,
            *[column.total for column in table.reviewers],
            table.mean_total,
            application.collective_total,
        ]
    )


def build_workbook(region: Region, progress: ProgressCallback) -> bytes:
    progress(10)
    rows = summary_rows(region)
    tables = indicator_tables(region)
    progress(50)
    workbook = new_workbook()
    # Printed as the form it is: its title above the table as well as on every page.
    table = TableSheet(
        workbook, pgettext("page", "Review summary"), _columns(), book_title=book_title(region), title_row=True
    )
    for row in rows:
        table.append(
            [
                row["school"],
                row["status"],
                row["self_total"],
                row["reviewers_mean"],
                row["collective_total"],
                row["verdict"],
                row["reasons"],
                row["opinion"],
                row["visit"],
            ]
        )
    for table in tables:
        _indicator_sheet(workbook, region, table)
    progress(90)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_html(region: Region) -> str:
    return render_to_string(
        "region/summary_pdf.html",
        {
            "region": region,
            "rows": summary_rows(region),
            "tables": indicator_tables(region),
            "made_on": timezone.localdate(),
        },
    )


def build_pdf(region: Region, progress: ProgressCallback) -> bytes:
    progress(5)
    weasyprint()  # before the work: a server without Pango says so at once
    progress(20)
    html = pdf_html(region)
    progress(50)
    pdf = render_pdf(html)
    progress(100)
    return pdf
