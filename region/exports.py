"""The review summary table (评议汇总表) as an xlsx workbook (inert cells) and a Chinese PDF (WeasyPrint), built the
way the annual summary is (dashboard.exports): in a background task that reports its progress."""

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
from .summary import summary_rows

ProgressCallback = Callable[[int], None]


def _columns():
    return [
        (pgettext("field", "Member school"), 28),
        (pgettext("field", "Status"), 8),
        (pgettext("field", "Self-assessed total"), 10),
        (pgettext("field", "Reviewers' mean"), 10),
        (pgettext("field", "Collective total"), 10),
        (pgettext("field", "Verdict"), 12),
        (_("Reasons"), 30),
        (pgettext("field", "Review opinion"), 46),
    ]


def book_title(region: Region) -> str:
    return _("Review summary of %(region)s, %(year)s") % {"region": region.name, "year": region.year}


def build_workbook(region: Region, progress: ProgressCallback) -> bytes:
    progress(10)
    rows = summary_rows(region)
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
