"""The report list as an Excel workbook: Chinese headers, local times, one row per report."""

from collections.abc import Callable
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import ActivityReport


def local_naive(value):
    """openpyxl refuses aware datetimes; sheets show Beijing time, as the portal does."""
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None) if value else None


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
    sheet = workbook.create_sheet(_("Activity reports"))
    for index, (_header, width, _value) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell_header(sheet, header) for header, _w, _v in columns])
    for report in reports.iterator(chunk_size=500):
        sheet.append([value(report) for _h, _w, value in columns])
    buffer = BytesIO()
    workbook.save(buffer)
    filename = _("activity-reports-%(date)s.xlsx") % {"date": timezone.localdate().isoformat()}
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _cell_header(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell
