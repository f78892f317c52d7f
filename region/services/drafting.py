"""从本校数据生成: the contact of a school that runs its year in the portal drafts its application's written report
and the evidence notes of the indicators whose scheme names a source (SchoolIndicator.evidence) from the school's
own figures (region.live). The contact edits the draft before submitting; the scores stay the contact's."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import chinese_date, fmt
from core.versions import claim, stale

from ..live import LiveFigures, live_figures
from ..models import Action, Application, ApplicationEvent, ApplicationScore, EvidenceSource
from ..rules import REPORT_MAX_CHARS
from ..workflow import WORKFLOW
from .common import RegionError

NOTE_MAX_CHARS = 1000  # ApplicationScore.self_note
# A list in a note or the report names at most this many rows and counts the rest.
LISTED = 8


def replaces_text(application: Application) -> bool:
    """Whether drafting would overwrite something the contact wrote: the report, or a note drafting fills."""
    if application.report.strip():
        return True
    return application.scores.exclude(indicator__evidence="").exclude(self_note="").exists()


@transaction.atomic
def draft_from_data(application: Application, user, expected_version: int) -> LiveFigures:
    """Fill the report and the sourced notes from the school's data of the region's year, claiming the version."""
    WORKFLOW.require_editor(user, application)
    if application.version != expected_version:
        raise stale(Application, application.pk)
    if not WORKFLOW.can_edit(application.status, user, application):
        raise RegionError(_("This application can no longer be edited in its current state."))
    figures = live_figures(application.institution, application.region.year)
    if not figures.runs_year:
        raise RegionError(
            _(
                "Your school has no work plan for %(year)d in the portal, so there is no data to draft from: "
                "write the report and upload the evidence files."
            )
            % {"year": figures.year}
        )
    today = chinese_date(timezone.localdate())
    history = ApplicationEvent(
        application=application,
        actor=user,
        action=Action.DRAFT_FROM_DATA,
        from_status=application.status,
        to_status=application.status,
        comment=_("figures as of %(date)s") % {"date": today},
    )
    claim(
        Application.objects.filter(status__in=WORKFLOW.editable_statuses),
        application.pk,
        expected_version,
        history=history,
        report=draft_report(application.institution.name, figures, today),
        updated_at=timezone.now(),
    )
    rows = list(application.scores.select_related("indicator").exclude(indicator__evidence=""))
    for row in rows:
        row.self_note = evidence_note(row.indicator.evidence, figures, today)
    ApplicationScore.objects.bulk_update(rows, ["self_note"])
    return figures


# ── the texts ───────────────────────────────────────────────────────────────────────────────────────────────────


def _listed(items: list[str], separator: str = "；") -> str:
    shown = separator.join(items[:LISTED])
    if len(items) > LISTED:
        shown += separator + _("and %(count)d more") % {"count": len(items) - LISTED}
    return shown


def colleges_text(figures: LiveFigures) -> str:
    text = _(
        "%(balanced)d of the school's %(colleges)d colleges reached balanced development in the %(year)d "
        "assessment (%(percent)s%%)."
    ) % {
        "balanced": figures.balanced,
        "colleges": figures.colleges,
        "year": figures.year,
        "percent": fmt(figures.percent),
    }
    if figures.goal is None:
        return text + _("The work plan sets no target for the share of balanced colleges.")
    reached = figures.goal_standing in {"goal", "stretch"}
    return text + (
        _("The work plan's target is %(goal)s%%: reached.")
        if reached
        else _("The work plan's target is %(goal)s%%: not yet reached.")
    ) % {"goal": fmt(figures.goal.goal)}


def activities_text(figures: LiveFigures) -> str:
    # Only the sections that have reports: a list of noughts would bury them.
    parts = [
        _("%(section)s: %(count)d") % {"section": section.title, "count": section.reports}
        for section in figures.sections
        if section.reports
    ]
    text = _("%(count)d activity reports of %(year)d were approved.") % {
        "count": figures.approved_reports,
        "year": figures.year,
    }
    return text + (_("By section of the work plan: %(parts)s.") % {"parts": _listed(parts)} if parts else "")


def care_text(figures: LiveFigures) -> str:
    needs = figures.care.get("needs", {})
    elders = figures.care.get("elders", {})
    programmes = figures.care.get("programmes", [])
    return _(
        "Care needs registered: %(needs)d (%(matched)d matched, %(closed)d closed); elders taking part in care or "
        "mentoring: %(engaged)d of %(elders)d; mentoring programmes: %(programmes)d, with %(pairs)d pairs and "
        "%(meetings)d confirmed meetings."
    ) % {
        "needs": needs.get("all", 0),
        "matched": needs.get("matched", 0),
        "closed": needs.get("closed", 0),
        "engaged": elders.get("engaged", 0),
        "elders": elders.get("all", 0),
        "programmes": sum(p["programmes"] for p in programmes),
        "pairs": sum(p["pairs"] for p in programmes),
        "meetings": sum(p["meetings"] for p in programmes),
    }


def brands_text(figures: LiveFigures) -> str:
    if not figures.brands:
        return _("No college has a brand project for %(year)d.") % {"year": figures.year}
    items = [
        _("%(college)s “%(title)s” (%(status)s)") % {"college": b.college, "title": b.title, "status": b.status}
        for b in figures.brands
    ]
    return _("%(count)d brand projects: %(projects)s.") % {"count": len(figures.brands), "projects": _listed(items)}


TEXTS = {
    EvidenceSource.COLLEGES: colleges_text,
    EvidenceSource.ACTIVITIES: activities_text,
    EvidenceSource.CARE: care_text,
    EvidenceSource.BRANDS: brands_text,
}


def evidence_note(source: str, figures: LiveFigures, as_of: str) -> str:
    """An indicator's note from the figures its scheme names; its live rows are linked on the application pages."""
    text = TEXTS[source](figures) + _("(From the school's data in the portal, %(date)s.)") % {"date": as_of}
    return text[:NOTE_MAX_CHARS]


def draft_report(school: str, figures: LiveFigures, as_of: str) -> str:
    """The written report's draft: a heading, one paragraph per kind of figure, and where the figures come from;
    within REPORT_MAX_CHARS (each list names LISTED rows, then the text is cut)."""
    heading = _(
        "%(school)s: the %(year)d work of the committee for the next generation (drafted from the school's data, "
        "to be checked)"
    ) % {
        "school": school,
        "year": figures.year,
    }
    paragraphs = [
        (_("1. Colleges' committees and balanced development"), colleges_text(figures)),
        (_("2. Activities under the work plan"), activities_text(figures)),
        (_("3. Care and mentoring"), care_text(figures)),
        (_("4. Brand projects"), brands_text(figures)),
    ]
    closing = _(
        "The figures are those of the school's data in the portal on %(date)s (work plan: %(plan)s); the reviewers "
        "open them from the application."
    ) % {"date": as_of, "plan": figures.plan_title}
    text = "\n\n".join([heading, *(f"{title}\n{body}" for title, body in paragraphs), closing])
    return text if len(text) <= REPORT_MAX_CHARS else text[: REPORT_MAX_CHARS - 1] + "…"
