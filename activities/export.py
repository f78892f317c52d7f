"""The report list as an Excel workbook: Chinese headers, local times, one row per report."""

from collections.abc import Callable
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, local_naive

from .models import ActivityReport


def report_columns(member_names: Callable[[ActivityReport], str]) -> list[tuple[str, int, Callable]]:
    """(header, width, value) for every column of a report sheet; the annual summary uses them too."""
    return [
        (_("College"), 16, lambda r: r.college.name),
        (_("Title"), 40, lambda r: r.title),
        (_("Kind"), 20, lambda r: r.kind.name),
        (_("Work point"), 10, lambda r: r.work_point.code if r.work_point else ""),
        (_("Start date"), 12, lambda r: r.starts_on),
        (_("End date"), 12, lambda r: r.ends_on),
        (_("Place"), 20, lambda r: r.place),
        (_("Organiser"), 16, lambda r: r.organiser),
        (_("Students"), 8, lambda r: r.student_count),
        (_("Teachers"), 8, lambda r: r.teacher_count),
        (_("Committee members involved"), 24, member_names),
        (_("Status"), 10, lambda r: r.get_status_display()),
        (_("Submitted at"), 18, lambda r: local_naive(r.submitted_at)),
        (_("Reviewed at"), 18, lambda r: local_naive(r.reviewed_at)),
        (_("Files"), 6, lambda r: r.evidence_count),
        (_("Summary"), 60, lambda r: r.summary),
        (_("Outcome"), 40, lambda r: r.outcome),
        (_("News link"), 30, lambda r: r.news_url),
    ]


def reports_workbook_response(reports) -> HttpResponse:
    columns = report_columns(lambda r: "、".join(m.name for m in r.members.all()))
    workbook = Workbook(write_only=True)
    sheet = TableSheet(workbook, _("Activity reports"), [(header, width) for header, width, _value in columns])
    for report in reports.iterator(chunk_size=500):
        sheet.append([value(report) for _h, _w, value in columns])
    buffer = BytesIO()
    workbook.save(buffer)
    filename = _("activity-reports-%(date)s.xlsx") % {"date": timezone.localdate().isoformat()}
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
