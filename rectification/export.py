"""A year's 整改 items as a workbook: for staff and the office, and for the year's archive."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.files import attach
from core.text import fmt
from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, new_workbook

from .models import RectificationItem


def build_workbook(year: int) -> bytes:
    """Every item of the year's assessments (the scope's school's), in the colleges' order, in one query."""
    today = timezone.localdate()
    workbook = new_workbook()
    sheet = TableSheet(
        workbook,
        pgettext("page", "Rectification items"),
        [
            (pgettext("field", "College"), 18),
            (pgettext("field", "Indicator"), 22),
            (pgettext("field", "Score / maximum"), 10),
            (pgettext("field", "Weakness"), 30),
            (pgettext("field", "Rectification measures"), 40),
            (pgettext("field", "Person responsible"), 10),
            (pgettext("field", "Deadline"), 11),
            (pgettext("field", "Status"), 12),
            (pgettext("rectification", "Overdue"), 8),
            (pgettext("field", "Accepted at"), 11),
        ],
        book_title=_("Rectification items of the %(year)s assessment") % {"year": year},
        key_columns=2,
    )
    items = RectificationItem.objects.filter(year=year).select_related("college", "indicator")
    yes, no = pgettext("answer", "Yes"), pgettext("answer", "No")
    for item in items:
        sheet.append(
            [
                item.college.name,
                f"{item.indicator.code} {item.indicator.name}",
                f"{fmt(item.score)} / {fmt(item.max_points)}",
                item.weakness,
                item.measures,
                item.owner,
                f"{item.deadline:%Y-%m-%d}" if item.deadline else "",
                item.get_status_display(),
                yes if item.is_overdue(today) else no,
                f"{timezone.localtime(item.accepted_at):%Y-%m-%d}" if item.accepted_at else "",
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(year: int) -> HttpResponse:
    response = HttpResponse(build_workbook(year), content_type=XLSX_CONTENT_TYPE)
    return attach(response, _("rectification-%(year)s.xlsx") % {"year": year})
