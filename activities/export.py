"""The report list as an Excel workbook: Chinese headers, local times, one row per report.

A province's year is some 200,000 reports, so the rows are streamed: the reports come as plain tuples in chunks,
with the members' names of each chunk in one query and the names of colleges, kinds and work points looked up
in dictionaries read once; the workbook is written in openpyxl's write-only mode. The queries do not grow with
the rows beyond one per chunk, and memory stays flat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from io import BytesIO
from itertools import islice

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from colleges.models import College
from core.files import attach
from core.scoping import current_school_id
from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, local_naive, new_workbook
from institutions.models import school_row
from plans.models import WorkPoint

from .forms import ReportFilterForm
from .models import ActivityKind, ActivityReport, Status

CHUNK_ROWS = 2000

# The columns read from each report, in the order of `report_headers`; the names of the related rows and the
# members are filled in from lookups.
_FIELDS = (
    "pk",
    "college_id",
    "title",
    "kind_id",
    "work_point_id",
    "starts_on",
    "ends_on",
    "place",
    "organiser",
    "student_count",
    "teacher_count",
    "status",
    "submitted_at",
    "reviewed_at",
    "evidence_count",
    "summary",
    "outcome",
    "news_url",
)


# The columns that say which report a row is: frozen on screen, and repeated on each page of the printed sheet,
# which is too wide for one page at a readable size and flows onto pages across.
KEY_COLUMNS = 2


def report_headers() -> list[tuple[str, int]]:
    """(header, width) of every column of a report sheet; the annual summary uses them too. Widths in the body
    font's digits: a Chinese character takes about two."""
    return [
        (pgettext("field", "College"), 14),
        (pgettext("field", "Title"), 28),
        (pgettext("field", "Kind"), 14),
        (pgettext("field", "Work point"), 8),
        (_("Start date"), 11),
        (_("End date"), 11),
        (pgettext("field", "Place"), 16),
        (pgettext("field", "Organiser"), 14),
        (_("Students"), 8),
        (_("Teachers"), 8),
        (_("Committee members involved"), 16),
        (pgettext("field", "Status"), 8),
        (_("Submitted at"), 20),
        (_("Reviewed at"), 20),
        (pgettext("count", "Files"), 6),
        (pgettext("activity summary", "Summary"), 50),
        (pgettext("activity outcome", "Outcome"), 36),
        (pgettext("field", "News link"), 30),
    ]


def _members_by_report(report_ids: list[int]) -> dict[int, str]:
    """The members' names of these reports, joined, in one query (in the members' own order)."""
    names: dict[int, list[str]] = defaultdict(list)
    links = ActivityReport.members.through.objects.filter(activityreport_id__in=report_ids).order_by(
        "activityreport_id",
        "committeemember__college",
        "-committeemember__active",
        "committeemember__name",
        "committeemember_id",
    )
    for report_id, name in links.values_list("activityreport_id", "committeemember__name"):
        names[report_id].append(name)
    return {report_id: "、".join(joined) for report_id, joined in names.items()}


def report_rows(reports, *, beat: Callable[[], None] | None = None, beat_rows: int = CHUNK_ROWS) -> Iterator[list]:
    """The rows of a report sheet for `reports` (a queryset with `for_list()` applied), streamed.

    `beat` is called every `beat_rows` rows, so that a long build shows it is alive.
    """
    colleges = dict(College.objects.values_list("pk", "name"))
    kinds = dict(ActivityKind.objects.values_list("pk", "name"))
    work_points = dict(WorkPoint.objects.values_list("pk", "code"))
    statuses = {value: str(label) for value, label in Status.choices}

    tuples = reports.order_by("-starts_on", "-pk").values_list(*_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    number = 0
    while chunk := list(islice(tuples, CHUNK_ROWS)):
        members = _members_by_report([row[0] for row in chunk])
        for (
            pk,
            college_id,
            title,
            kind_id,
            work_point_id,
            starts_on,
            ends_on,
            place,
            organiser,
            students,
            teachers,
            status,
            submitted_at,
            reviewed_at,
            files,
            summary,
            outcome,
            news_url,
        ) in chunk:
            yield [
                colleges[college_id],
                title,
                kinds[kind_id],
                work_points.get(work_point_id, ""),
                starts_on,
                ends_on,
                place,
                organiser,
                students,
                teachers,
                members.get(pk, ""),
                statuses.get(status, status),
                local_naive(submitted_at),
                local_naive(reviewed_at),
                files,
                summary,
                outcome,
                news_url,
            ]
            number += 1
            if beat is not None and number % beat_rows == 0:
                beat()


def append_report_sheet(
    workbook: Workbook, title: str, reports, *, book_title: str, name_sheet_in_header: bool = False, **beat
) -> None:
    sheet = TableSheet(
        workbook,
        title,
        report_headers(),
        book_title=book_title,
        name_sheet_in_header=name_sheet_in_header,
        key_columns=KEY_COLUMNS,
    )
    for row in report_rows(reports, **beat):
        sheet.append(row)


def list_title(year: int | None) -> str:
    """The report list's title in print: its year when the list is of one year."""
    if year is None:
        return _("List of activity reports")
    return _("Activity reports of %(year)d") % {"year": year}


def reports_workbook(
    reports,
    progress: Callable[[int], None] | None = None,
    total: int | None = None,
    *,
    year: int | None = None,
) -> bytes:
    """The report list's workbook; `progress` (0–100) is told every chunk when the number of rows is known.
    `year`: the year the list was filtered to, if any, for its title."""
    workbook = new_workbook()
    done = [0]

    def beat():
        done[0] += CHUNK_ROWS
        if progress is not None:
            progress(min(95, 95 * done[0] // max(1, total or 1)))

    title = list_title(year)
    append_report_sheet(workbook, pgettext("page", "Activity reports"), reports, book_title=title, beat=beat)
    buffer = BytesIO()
    workbook.save(buffer)
    if progress is not None:
        progress(100)
    return buffer.getvalue()


def workbook_filename() -> str:
    """The same name as a background export's: the school's short name and the day."""
    return pgettext("file name", "%(school)s-activity-reports-%(date)s.xlsx") % {
        "school": school_row(current_school_id()).short_name,
        "date": timezone.localdate().isoformat(),
    }


def reports_workbook_response(reports, year: int | None = None) -> HttpResponse:
    response = HttpResponse(reports_workbook(reports, year=year), content_type=XLSX_CONTENT_TYPE)
    return attach(response, workbook_filename())


def _export_filter(job) -> ReportFilterForm | None:
    if not job.query:
        return None
    colleges = College.objects.all()
    if job.college_id is not None:
        colleges = colleges.filter(pk=job.college_id)
    return ReportFilterForm(QueryDict(job.query), colleges=colleges)


def reports_of_export(job):
    """The reports a background export (activities.models.ReportExport) covers: its stored filter, validated
    again, within the scope of who asked."""
    reports = ActivityReport.objects.all()
    if job.college_id is not None:
        reports = reports.filter(college_id=job.college_id)
    reports = reports.for_list()
    form = _export_filter(job)
    return reports if form is None else form.filter(reports)


def filtered_year(form: ReportFilterForm | None) -> int | None:
    """The year a valid report filter asks for, if it asks for one."""
    if form is None or not form.is_bound or not form.is_valid():
        return None
    return form.cleaned_data.get("year")


def year_of_export(job) -> int | None:
    return filtered_year(_export_filter(job))
