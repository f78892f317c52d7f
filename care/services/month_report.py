"""The month's care work filed in one step as a draft activity report, and the approved report linked as
evidence of the care indicator of the college's self-assessment."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services as activity_services
from activities.models import Action as ReportAction
from activities.models import ActivityKind, ActivityReport, Evidence
from colleges.access import access_for
from colleges.models import College, CommitteeMember
from core.uploads import CheckedFile
from scoring.assessments import link_reports
from scoring.models import Assessment, IndicatorScore

from ..access import care_authors, links_month_report
from ..models import CareSession, MaterialHelp, MentorMeeting, MonthlyCareReport
from ..workflow import MONTH_REPORT
from .common import CareError, require, settings_of


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_figures(college: College, year: int, month: int) -> dict:
    """Counts of a college's care work in a month (never a note or a code): what a report may say."""
    first, last = month_bounds(year, month)
    # Only what the college confirmed counts: an elder's record waiting for confirmation, or returned, does not.
    sessions = CareSession.objects.confirmed().filter(pair__need__college=college, held_on__range=(first, last))
    kinds = Counter(sessions.values_list("kind", flat=True))
    material = MaterialHelp.objects.filter(college=college, given_on__range=(first, last)).aggregate(
        rows=Count("pk"), people=Sum("people"), value=Sum("value")
    )
    meetings = MentorMeeting.objects.confirmed().filter(
        mentorship__programme__college=college, held_on__range=(first, last)
    )
    teacher_people = sessions.filter(pair__need__category__for_teachers=True).values("pair__need").distinct().count()
    needs_helped = sessions.values("pair__need").distinct().count()
    return {
        "sessions": sum(kinds.values()),
        "talks": kinds.get("talk", 0),
        "minutes": sessions.aggregate(m=Sum("minutes"))["m"] or 0,
        "needs": needs_helped,
        "teacher_needs": teacher_people,
        "elders": sessions.values("pair__offer").distinct().count(),
        "member_ids": list(
            sessions.exclude(pair__offer__member=None).values_list("pair__offer__member", flat=True).distinct()
        ),
        "material_rows": material["rows"],
        "material_people": material["people"] or 0,
        "material_value": material["value"] or Decimal(0),
        "meetings": meetings.count(),
    }


@transaction.atomic
def file_month_report(college: College, year: int, month: int, user) -> MonthlyCareReport:
    """Turn a month's care work into a draft activity report of the care kind, in one step. Counts only."""
    require(care_authors(access_for(user), college.pk), care_authors)
    if MonthlyCareReport.objects.filter(college=college, year=year, month=month).exists():
        raise CareError(_("This month's care work has already been filed as a report."))
    if datetime.date(year, month, 1) > timezone.localdate():
        raise CareError(_("A month can be filed once it has begun."))
    figures = month_figures(college, year, month)
    if not (figures["sessions"] or figures["material_rows"] or figures["meetings"]):
        raise CareError(_("No care work was recorded in this month, so there is nothing to report."))
    kind = ActivityKind.objects.filter(code=settings_of(year).activity_kind_code).first()
    if kind is None:
        raise CareError(_("The activity kind for care reports is missing; ask committee staff."))
    first, last = month_bounds(year, month)
    summary = _(
        "In %(year)d-%(month)02d the college's elders held %(sessions)d care sessions (%(talks)d heart-to-heart "
        "talks, %(minutes)d minutes in all) with %(needs)d students or young teachers, %(elders)d elders taking "
        "part; the 阳光屋 gave material help %(material_rows)d times to %(material_people)d people, worth "
        "%(material_value)s yuan; mentoring pairs met %(meetings)d times."
    ) % {"year": year, "month": month, **figures}
    report = ActivityReport(
        college=college,
        kind=kind,
        title=_("Care work of %(year)d-%(month)02d") % {"year": year, "month": month},
        starts_on=first,
        ends_on=last,
        place=_("Talk room and care supermarket"),
        organiser=college.name,
        student_count=max(figures["needs"] - figures["teacher_needs"], 0) + figures["material_people"],
        teacher_count=figures["teacher_needs"],
        summary=summary,
    )
    members = CommitteeMember.objects.filter(pk__in=figures["member_ids"], college=college)
    report = activity_services.create_report(report, user, members)
    return MonthlyCareReport.objects.create(college=college, year=year, month=month, report=report)


def add_month_photos(monthly: MonthlyCareReport, user, files: list[CheckedFile]) -> list[Evidence]:
    """The month's photos, added by the college's care people while the report is theirs to change."""
    return activity_services.add_evidence(monthly.report, user, files, workflow=MONTH_REPORT)


def remove_month_photo(monthly: MonthlyCareReport, evidence: Evidence, user) -> None:
    activity_services.remove_evidence(evidence, user, workflow=MONTH_REPORT)


def submit_month_report(monthly: MonthlyCareReport, user, expected_version: int) -> ActivityReport:
    """Send the month's report to staff's review queue, as any report of the college goes (with its photos)."""
    report = ActivityReport.objects.select_related("college", "kind").get(pk=monthly.report_id)
    return activity_services.transition(report, user, ReportAction.SUBMIT, "", expected_version, workflow=MONTH_REPORT)


def link_as_evidence(monthly: MonthlyCareReport, user) -> None:
    """Link an approved month's report to the care indicator (关爱帮扶活动实效) of the college's self-assessment: for
    whoever keeps that self-assessment (`links_month_report`), asked before the report's state."""
    require(links_month_report(access_for(user), monthly.college_id), links_month_report)
    report = monthly.report
    if report.status != "approved":
        raise CareError(_("Only an approved report can be linked as evidence; submit it for review first."))
    assessment = Assessment.objects.filter(college_id=monthly.college_id, scheme__year=report.year).first()
    if assessment is None:
        raise CareError(_("There is no self-assessment for this year yet."))
    code = settings_of(report.year).indicator_code
    score = IndicatorScore.objects.filter(assessment=assessment, indicator__code=code).first()
    if score is None:
        raise CareError(_("The year's scheme has no indicator %(code)s.") % {"code": code})
    current = list(score.reports.values_list("pk", flat=True))
    if report.pk in current:
        raise CareError(_("This report is already linked as evidence."))
    # The self-assessment's own refusal (submitted, say) is shown as it is.
    link_reports(assessment, user, {score.pk: [*current, report.pk]})
