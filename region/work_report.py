"""The region work report (片工作情况通报) as a document: its first draft from the year's data, its outline, and the
PDF and Word (.docx) the province and the lead school's archive receive.

The report stays one plain text the lead edits in one field (one version to claim, one history line, nothing to
lose between sections the lead may want to merge, split or rename): a line such as "一、总体情况" is a heading and
the first line the title. The documents read that outline, so a heading the lead adds or renames prints as one.
Every piece of typed text is written as text: autoescaped in the PDF's template, a run's text in the .docx."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.outline import XML_UNSAFE, compose, outline
from core.pdf import render_pdf
from core.text import chinese_date, fmt
from core.xlsx import FONT_NAME

from .models import Application, Attendance, Comment, Meeting, Post, Region, Status, WorkReport
from .summary import summary_rows, visits_by_application


def current_work_report(region: Region) -> tuple[str, int | None]:
    """The work report's text and version as saved, or the draft (and no version) while none is saved."""
    report = WorkReport.objects.filter(region=region).first()
    return (report.text, report.version) if report else (draft_work_report(region), None)


def _results(region: Region) -> list[str]:
    lines = []
    for number, row in enumerate(summary_rows(region), start=1):
        if row["collective_total"] is None:
            lines.append(
                _("%(n)d. %(school)s: %(status)s, not yet reviewed.")
                % {"n": number, "school": row["school"], "status": row["status"]}
            )
            continue
        line = _("%(n)d. %(school)s: collective total %(total)s, %(verdict)s.") % {
            "n": number,
            "school": row["school"],
            "total": fmt(row["collective_total"]),
            "verdict": row["verdict"],
        }
        if row["reasons"]:
            line += _("Reasons: %(reasons)s.") % {"reasons": row["reasons"]}
        lines.append(line)
    return lines or [_("No application has been reviewed yet.")]


def _visits(region: Region) -> list[str]:
    lines = []
    for visit in sorted(visits_by_application(region).values(), key=lambda visit: (visit.visit_on, visit.pk)):
        facts = {
            "day": chinese_date(visit.visit_on),
            "school": visit.application.institution.name,
            "visitors": "、".join(person.get_full_name() or person.username for person in visit.visitors.all()),
            "findings": visit.findings,
        }
        if visit.findings:
            lines.append(_("%(day)s, %(school)s, visited by %(visitors)s: %(findings)s") % facts)
        else:
            lines.append(_("%(day)s, %(school)s, to be visited by %(visitors)s.") % facts)
    return lines or [_("No on-site visit has been planned.")]


def _meetings(region: Region) -> list[str]:
    meetings = list(Meeting.objects.filter(region=region).select_related("host").order_by("starts_at"))
    attended = Counter(
        Attendance.objects.filter(meeting__region=region, attended=True).values_list("meeting_id", flat=True)
    )
    lines = [
        _("%(day)s %(title)s (%(kind)s, host %(host)s): %(count)d schools attended.")
        % {
            "day": chinese_date(meeting.starts_at),
            "title": meeting.title,
            "kind": meeting.get_kind_display(),
            "host": meeting.host.short_name if meeting.host else "—",
            "count": attended[meeting.pk],
        }
        for meeting in meetings
    ]
    return lines or [_("No meeting or activity has been recorded.")]


def _board(region: Region) -> str:
    posts = Post.objects.filter(region=region, removed=False)
    schools = sorted({name for name in posts.values_list("institution__short_name", flat=True) if name})
    comments = Comment.objects.filter(post__region=region, post__removed=False).count()
    return _("%(posts)d posts and %(comments)d comments on the exchange board, from %(schools)s.") % {
        "posts": posts.count(),
        "comments": comments,
        "schools": "、".join(schools) or "—",
    }


def draft_work_report(region: Region) -> str:
    """A first draft from the year's data (the results, the visits, the meetings, the board), for the lead to
    edit: a title, then sections under "一、"… headings."""
    statuses = list(Application.objects.filter(region=region).values_list("status", flat=True))
    reviewed = sum(status in {Status.REVIEWED, Status.PUBLISHED} for status in statuses)
    sections = [
        (
            _("Overview of the region"),
            [
                _(
                    "The region has %(members)d member schools; the lead school is %(lead)s. %(total)d applications "
                    "were made and %(reviewed)d reviewed collectively."
                )
                % {
                    "members": region.members.count(),
                    "lead": region.lead.name,
                    "total": len(statuses),
                    "reviewed": reviewed,
                }
            ],
        ),
        (_("Results of the collective review"), _results(region)),
        (_("On-site visits of the year"), _visits(region)),
        (_("Region meetings and activities"), _meetings(region)),
        (_("Exchange on the board"), [_board(region)]),
        (_("Next steps of the work"), [_("(To be written by the lead school.)")]),
    ]
    text = compose(_("%(region)s work report") % {"region": str(region)}, sections)
    return text + "\n" + _("Drafted on %(day)s.") % {"day": chinese_date(timezone.localdate())}


# ── the documents ──────────────────────────────────────────────────────────────────────────────────────────────


def filename(region: Region, extension: str) -> str:
    return _("%(year)s-%(region)s-work-report") % {"year": region.year, "region": region.name} + f".{extension}"


def pdf_html(region: Region) -> str:
    text, _version = current_work_report(region)
    return render_to_string(
        "region/work_report_pdf.html",
        {
            "region": region,
            "outline": outline(text),
            "rows": summary_rows(region),
            "made_on": timezone.localdate(),
        },
    )


def build_pdf(region: Region) -> bytes:
    return render_pdf(pdf_html(region))


def _results_columns() -> list[str]:
    return [
        pgettext("field", "Member school"),
        pgettext("field", "Collective total"),
        pgettext("field", "Verdict"),
        pgettext("field", "Reasons"),
    ]


def build_docx(region: Region) -> bytes:
    """The report as a Word document: the title, its headings and paragraphs, then the results table."""
    from docx import Document  # python-docx: loaded only when a .docx is asked for
    from docx.oxml.ns import qn

    text, _version = current_work_report(region)
    report = outline(text)
    document = Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        style.font.name = FONT_NAME
        # The East Asian face is its own attribute: without it Word sets Chinese in its Western default.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    document.core_properties.title = report.title or str(region)
    document.core_properties.language = "zh-CN"
    document.add_heading(report.title or str(region), level=0)
    for block in report.blocks:
        if block.heading:
            document.add_heading(block.text, level=1)
        else:
            document.add_paragraph(block.text)
    document.add_heading(_("Results of the collective review"), level=1)
    rows = summary_rows(region)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, _results_columns(), strict=True):
        cell.text = label
    for row in rows:
        cells = table.add_row().cells
        values = [row["school"], fmt(row["collective_total"]), row["verdict"] or row["status"], row["reasons"]]
        for cell, value in zip(cells, values, strict=True):
            cell.text = XML_UNSAFE.sub("", str(value))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
