"""The review summary table (评议汇总表) as an xlsx workbook (inert cells) and a Chinese PDF (WeasyPrint), built the
way the annual summary is (dashboard.exports): in a background task that reports its progress."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from core.pdf import render_pdf, weasyprint
from core.xlsx import TableSheet, inert_cell

from .models import Region
from .summary import summary_rows

ProgressCallback = Callable[[int], None]


def _columns():
    return [
        (pgettext("field", "Member school"), 28),
        (pgettext("field", "Status"), 12),
        (pgettext("field", "Self-assessed total"), 12),
        (pgettext("field", "Reviewers' mean"), 12),
        (pgettext("field", "Collective total"), 12),
        (pgettext("field", "Verdict"), 12),
        (_("Reasons"), 40),
        (pgettext("field", "Review opinion"), 60),
    ]


def build_workbook(region: Region, progress: ProgressCallback) -> bytes:
    progress(10)
    rows = summary_rows(region)
    progress(50)
    workbook = Workbook(write_only=True)
    table = TableSheet(workbook, pgettext("page", "Review summary"), _columns())
    for row in rows:
        table.append(
            [
                inert_cell(table.sheet, row["school"]),
                inert_cell(table.sheet, row["status"]),
                inert_cell(table.sheet, row["self_total"]),
                inert_cell(table.sheet, row["reviewers_mean"]),
                inert_cell(table.sheet, row["collective_total"]),
                inert_cell(table.sheet, row["verdict"]),
                inert_cell(table.sheet, row["reasons"]),
                inert_cell(table.sheet, row["opinion"]),
            ]
        )
    progress(90)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_html(region: Region) -> str:
    return render_to_string(
        "region/summary_pdf.html",
        {"region": region, "rows": summary_rows(region), "made_on": timezone.localdate()},
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
