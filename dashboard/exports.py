"""The annual summary of a year as an Excel workbook and as a printable PDF in Chinese.

Both read the dashboard's figures (`dashboard/figures.py`), so the workbook, the PDF and the pages always
agree. This module owns only the two layouts and the row-level listings that the figures do not carry:
every indicator score of the year and every activity report of the year. Each is fetched in a fixed number of
queries, however many colleges and reports there are.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from activities.export import append_report_sheet
from activities.models import ActivityReport, Status
from care import export as care_export
from care import figures as care_figures
from core.pdf import render_pdf, weasyprint
from core.text import fmt
from core.xlsx import TableSheet, new_workbook
from plans.models import WorkPlan
from plans.progress import Goal
from scoring.models import AssessmentStatus, IndicatorScore, Scheme
from scoring.schemes import scored_indicators
from surveys import exports as survey_export
from surveys import figures as survey_figures
from talkroom import export as talk_export
from talkroom import figures as talk_figures

from . import figures, narrative, svg
from .listing import colleges_to_print

ProgressCallback = Callable[[int], None]

PDF_TEMPLATE = "dashboard/annual_summary_pdf.html"
# A build reports progress at each step; within the long reports sheet it also beats every this many rows, so
# that a year of many reports never looks like a build whose worker died (dashboard/tasks.py).
_HEARTBEAT_ROWS = 2000


# ---- shared pieces ----------------------------------------------------------------------------------------------


def _advance(progress: ProgressCallback | None, percent: int) -> None:
    if progress is not None:
        progress(percent)


def _verdict(row: dict) -> str:
    """Only a finalised assessment has a verdict; until then the college has not completed its assessment."""
    if not row["final"]:
        return _("assessment not completed")
    return pgettext("verdict", "balanced") if row["balanced"] else pgettext("verdict", "not balanced")


def _keys_met(row: dict) -> str:
    return f"{row['keys_met']}/{row['keys']}" if row["final"] else ""


def _yes_no(value: bool) -> str:
    return pgettext("answer", "Yes") if value else pgettext("answer", "No")


def _percent_text(value: Decimal) -> str:
    return f"{fmt(value)} %"


def _with_unit(value: Decimal | None, unit: str) -> str:
    return "—" if value is None else f"{fmt(value)} {unit}".strip()


def _goal_texts(target: Goal | None) -> list[str]:
    """The year's goal and stretch goal as the summary states them; never a goal the plan does not set."""
    if target is None:
        return [_("No target set")]
    texts = [_("Goal: %(goal)s") % {"goal": _with_unit(target.goal, target.unit)}]
    if target.stretch is not None:
        texts.append(_("Stretch goal: %(stretch)s") % {"stretch": _with_unit(target.stretch, target.unit)})
    return texts


# ---- the workbook -----------------------------------------------------------------------------------------------


def _percent_cell(sheet: TableSheet, percent: Decimal | int, number_format: str) -> Cell:
    """A percentage as Excel keeps it (a fraction shown with %), so the cell still computes."""
    return sheet.cell(Decimal(percent) / 100, number_format=number_format)


def book_title(year: int) -> str:
    return _("Annual summary of the work caring for the next generation, %(year)s") % {"year": year}


def _table(workbook: Workbook, year: int, title: str, columns, **layout) -> TableSheet:
    """A sheet of the summary: every page headed by the summary's title and the sheet's."""
    return TableSheet(workbook, title, columns, book_title=book_title(year), name_sheet_in_header=True, **layout)


def _colleges_sheet(workbook: Workbook, year: int) -> None:
    sheet = _table(
        workbook,
        year,
        _("Colleges and verdicts"),
        [
            (_("College code"), 8),
            (pgettext("field", "College"), 16),
            (_("Assessment status"), 10),
            (pgettext("field", "Reviewed total"), 8),
            (_("Key indicators met"), 10),
            (pgettext("field", "Verdict"), 12),
            (pgettext("count", "Reports submitted"), 8),
            (pgettext("count", "Reports approved"), 8),
            (pgettext("field", "Brand project"), 32),
            (_("Latest approved activity"), 12),
        ],
    )
    for row in figures.college_rows(year):
        status = str(AssessmentStatus(row["status"]).label) if row["status"] else pgettext("status", "Not started")
        sheet.append(
            [
                row["code"],
                row["name"],
                status,
                row["total"],
                _keys_met(row),
                _verdict(row),
                row["submitted"],
                row["approved"],
                row["brand"],
                row["latest"],
            ]
        )
    share = figures.balanced(year)
    sheet.append_below([])
    sheet.append_below(
        [
            _("Balanced share"),
            _("%(n)s of %(m)s colleges balanced") % {"n": share.balanced, "m": share.colleges},
            _percent_cell(sheet, share.percent, "0.0%"),
            *_goal_texts(share.target),
        ]
    )


def _indicators_sheet(workbook: Workbook, year: int) -> None:
    sheet = _table(
        workbook,
        year,
        _("Indicator scores"),
        [
            (_("College code"), 8),
            (pgettext("field", "College"), 16),
            (_("Indicator code"), 8),
            (pgettext("field", "Indicator"), 24),
            (_("Key indicator"), 8),
            (pgettext("maximum points", "Maximum"), 6),
            (pgettext("field", "Self score"), 8),
            (pgettext("field", "Reviewed score"), 8),
            (pgettext("field", "Review comment"), 40),
        ],
    )
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        return
    indicators = scored_indicators(scheme)
    # Every active college gets every scored indicator, even one that has not started its assessment, so the
    # sheet shows what is missing; the scores that exist come in one query and are matched in memory.
    scores = {
        (college_code, indicator_id): rest
        for college_code, indicator_id, *rest in IndicatorScore.objects.filter(
            assessment__scheme=scheme, indicator__in=[i.pk for i in indicators]
        ).values_list("assessment__college__code", "indicator_id", "self_score", "final_score", "review_note")
    }
    for college in figures.college_rows(year):
        for indicator in indicators:
            self_score, final_score, comment = scores.get((college["code"], indicator.pk), (None, None, ""))
            sheet.append(
                [
                    college["code"],
                    college["name"],
                    indicator.code,
                    indicator.name,
                    _yes_no(indicator.is_key),
                    indicator.max_points,
                    self_score,
                    final_score,
                    comment,
                ]
            )


def _reports_sheet(workbook: Workbook, year: int, progress: ProgressCallback | None, *, approved: bool) -> None:
    """The approved activities on one sheet, drafts, waiting and returned reports on another: a reader of the
    summary counts only the first. The rows are the report list's download (streamed, one query per chunk), so
    both sheets read alike."""
    title = pgettext("page", "Approved activities") if approved else _("Other reports")
    reports = ActivityReport.objects.of_year(year).for_list()
    reports = reports.filter(status=Status.APPROVED) if approved else reports.exclude(status=Status.APPROVED)
    # The same step, but a sign of life for a year of many reports.
    append_report_sheet(
        workbook,
        title,
        reports,
        book_title=book_title(year),
        name_sheet_in_header=True,
        beat=lambda: _advance(progress, 40),
        beat_rows=_HEARTBEAT_ROWS,
    )


def _targets_sheet(workbook: Workbook, year: int) -> None:
    sheet = _table(
        workbook,
        year,
        pgettext("page", "Measurable targets"),
        [
            (pgettext("field", "Target"), 36),
            (pgettext("field", "Work point"), 10),
            (pgettext("field", "Current value"), 12),
            (pgettext("field", "Goal"), 10),
            (pgettext("field", "Stretch goal"), 10),
            (_("Unit of measure"), 10),
            (_("Share of the goal reached"), 14),
            (pgettext("field", "Goal reached"), 10),
            (_("Detail"), 40),
        ],
    )
    for target in figures.targets(year):
        sheet.append(
            [
                target["name"],
                target["work_point"],
                target["value"],
                target["goal"],
                target["stretch"],
                target["unit"],
                _percent_cell(sheet, target["percent"], "0%"),
                _yes_no(target["reached"]),
                target["detail"],
            ]
        )


def _participation_sheet(workbook: Workbook, year: int) -> None:
    """Who took part in the approved activities, school-wide and per college."""
    sheet = _table(
        workbook,
        year,
        _("Participation"),
        [
            (pgettext("field", "College"), 24),
            (_("Approved activities (count)"), 10),
            (pgettext("count", "Students (person-times)"), 14),
            (pgettext("count", "Teachers (person-times)"), 14),
            (_("Elders taking part"), 12),
            (pgettext("count", "Elders (person-times)"), 14),
        ],
    )
    fields = ["reports", "students", "teachers", "elder_people", "elder_times"]
    by_college = figures.participation_by_college(year)
    for row in figures.college_rows(year):
        counts = by_college.get(row["code"], {})
        sheet.append([row["name"], *(counts.get(field, 0) for field in fields)])
    school = figures.participation(year)
    sheet.append_below([pgettext("total row", "Whole school"), *(school[field] for field in fields)])


def build_workbook(year: int, progress: ProgressCallback | None = None) -> bytes:
    """The annual summary workbook (.xlsx)."""
    _advance(progress, 0)
    # Write-only mode streams the rows, so a province-sized year of reports stays within memory.
    workbook = new_workbook()
    _colleges_sheet(workbook, year)
    _advance(progress, 20)
    _indicators_sheet(workbook, year)
    _advance(progress, 40)
    _reports_sheet(workbook, year, progress, approved=True)
    _reports_sheet(workbook, year, progress, approved=False)
    _advance(progress, 70)
    _targets_sheet(workbook, year)
    _participation_sheet(workbook, year)
    care_export.annual_sheets(workbook, year, book_title(year))  # the care board's counts, through its one hook
    talk_export.annual_sheet(workbook, year, book_title(year))  # the 谈心屋's and the surveys' counts, likewise
    survey_export.annual_sheet(workbook, year, book_title(year))
    _advance(progress, 80)
    buffer = BytesIO()
    workbook.save(buffer)
    _advance(progress, 100)
    return buffer.getvalue()


# ---- the PDF ----------------------------------------------------------------------------------------------------


def _college_line(row: dict) -> dict[str, Any]:
    return {
        "name": row["name"],
        "total": fmt(row["total"]),
        "keys_met": _keys_met(row) or "—",
        "verdict": _verdict(row),
        "balanced": row["balanced"],
        "submitted": row["submitted"],
        "approved": row["approved"],
        "brand": row["brand"] or "—",
    }


def _pdf_context(year: int) -> dict[str, Any]:
    plan = WorkPlan.objects.filter(year=year).first()
    listing = colleges_to_print(figures.college_rows(year))
    verdicts = narrative.college_verdicts(year, only=None if listing.every else {row["pk"] for row in listing.below})
    if not listing.every:  # by exception, the reasons of the colleges below the line, in their table's order
        order = {row["pk"]: index for index, row in enumerate(listing.below)}
        verdicts.sort(key=lambda verdict: order[verdict["pk"]])
    share = figures.balanced(year)
    generated = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    months = figures.by_month(year)
    kinds = figures.by_kind(year)
    return {
        "year": str(year),
        "committee": plan.signed_by if plan and plan.signed_by else _("Caring-for-the-Next-Generation Work Committee"),
        # Formatted here: the template's date filter would convert to whatever time zone is active.
        "generated": generated.strftime("%Y-%m-%d %H:%M"),
        "share": {
            "balanced": share.balanced,
            "colleges": share.colleges,
            "percent": _percent_text(share.percent),
            "goal": _with_unit(share.target.goal, share.target.unit) if share.target else None,
            "stretch": _with_unit(share.target.stretch, share.target.unit)
            if share.target and share.target.stretch is not None
            else None,
            "reached_goal": share.reached_goal,
            "reached_stretch": share.reached_stretch,
        },
        "listing": listing,
        "colleges": [_college_line(row) for row in listing.every],
        "below": [_college_line(row) for row in listing.below],
        "unassessed": [_college_line(row) for row in listing.unassessed],
        "best": [_college_line(row) for row in listing.best],
        # The workbook's sheets that list what the printed summary leaves out, by their titles there.
        "colleges_sheet": _("Colleges and verdicts"),
        "activities_sheet": pgettext("page", "Approved activities"),
        "targets": [
            {
                "name": target["name"],
                "work_point": target["work_point"] or "—",
                "value": _with_unit(target["value"], target["unit"]),
                "goal": _with_unit(target["goal"], target["unit"]),
                "stretch": _with_unit(target["stretch"], target["unit"]),
                "percent": f"{target['percent']} %",
                "reached": _yes_no(target["reached"]),
                "detail": target["detail"],
                "chart": svg.target_bar(target["value"], target["goal"], target["stretch"], target["unit"]),
            }
            for target in figures.targets(year)
        ],
        "months": months,
        "months_total": sum(count for _month, count in months),
        "kinds": [(name, count) for _pk, name, count in kinds],
        "participation": figures.participation(year),
        "care": care_figures.school_summary(year),
        "talk": talk_figures.school_summary(year),
        "surveys": survey_figures.school_summary(year),
        "sections": narrative.section_accounts(year),
        "verdicts": verdicts,
        # By exception, the activities of thousands of colleges are counted, and listed in the workbook.
        "activities_by_college": [] if listing.by_exception else narrative.approved_by_college(year),
        "share_chart": svg.target_bar(
            share.percent,
            share.target.goal if share.target else None,
            share.target.stretch if share.target else None,
            "%",
        ),
        "month_chart": svg.columns(
            [(pgettext("month of the year", "%(month)d month") % {"month": month}, count) for month, count in months]
        ),
    }


def pdf_html(year: int, progress: ProgressCallback | None = None) -> str:
    """The summary as the HTML that WeasyPrint lays out."""
    context = _pdf_context(year)
    _advance(progress, 40)
    return render_to_string(PDF_TEMPLATE, context)


def build_pdf(year: int, progress: ProgressCallback | None = None) -> bytes:
    """The annual summary as a PDF in Chinese (WeasyPrint)."""
    _advance(progress, 0)
    weasyprint()  # before the work: a server without Pango says so at once
    _advance(progress, 10)
    html = pdf_html(year, progress)
    _advance(progress, 50)
    pdf = render_pdf(html)
    _advance(progress, 100)
    return pdf
