"""The words of the printed summary, built from the year's data: a short account of each plan section, each
college's verdict with its reasons, and every approved activity grouped by college. Each function reads in a
fixed number of queries, whatever the number of colleges or reports."""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityReport, CollegeTally, Status
from colleges.models import College
from plans.models import Section, WorkPoint, WorkPointStatus
from scoring import rules
from scoring.models import AssessmentStatus, Scheme
from scoring.schemes import scored_indicators, specs_of
from scoring.standing import school_assessments, standings_of


def section_accounts(year: int) -> list[dict]:
    """Per plan section: its title, how its work points stand, and the approved activities that served it."""
    sections = list(Section.objects.filter(plan__year=year).order_by("number"))
    points = (
        WorkPoint.objects.filter(section__plan__year=year)
        .with_progress()
        .values("section_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(progress=WorkPointStatus.DONE)),
            in_progress=Count("pk", filter=Q(progress=WorkPointStatus.IN_PROGRESS)),
        )
    )
    by_section = {row["section_id"]: row for row in points}
    activities = (
        ActivityReport.objects.approved()
        .filter(year=year, work_point__section__plan__year=year)
        .values("work_point__section_id")
        .annotate(reports=Count("pk"), people=Sum("student_count", default=0) + Sum("teacher_count", default=0))
    )
    served = {row["work_point__section_id"]: row for row in activities}
    accounts = []
    for section in sections:
        counts = by_section.get(section.pk, {"total": 0, "done": 0, "in_progress": 0})
        work = served.get(section.pk, {"reports": 0, "people": 0})
        text = _(
            "Of its %(total)d work points, %(done)d are done and %(in_progress)d in progress. "
            "%(reports)d approved activities served it, with %(people)d person-times of students and teachers."
        ) % {**counts, **work}
        accounts.append({"number": section.number, "title": section.title, "text": text})
    return accounts


def college_verdicts(year: int, only: set[int] | None = None) -> list[dict]:
    """Each active college's standing (or only those whose pks are in `only`): the verdict and its reasons once
    final, the state it is in until then."""
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        return []
    indicators = scored_indicators(scheme)
    codes = {indicator.pk: indicator.code for indicator in indicators}
    specs = specs_of(indicators)
    verdicts = []
    assessments = school_assessments(scheme)
    if only is not None:  # a province's exceptions: the others' scores are not even read
        assessments = assessments.filter(college__in=only)
    for standing in standings_of(scheme, assessments):
        assessment = standing.assessment
        if assessment.status != AssessmentStatus.FINALISED:
            verdicts.append(
                {
                    "pk": standing.college.pk,
                    "college": standing.college.name,
                    "verdict": assessment.get_status_display(),
                    "reasons": [],
                }
            )
            continue
        scores = {codes[s.indicator_id]: s.final_score for s in assessment.scores.all() if s.indicator_id in codes}
        verdict = rules.judge(scores, specs, scheme.threshold)
        verdicts.append(
            {
                "pk": standing.college.pk,
                "college": standing.college.name,
                "verdict": pgettext("verdict", "balanced")
                if verdict.balanced
                else pgettext("verdict", "not balanced"),
                "balanced": verdict.balanced,
                "reasons": [str(reason) for reason in verdict.reasons],
            }
        )
    return verdicts


# The printed summary lists at most this many approved activities per college (its first ones of the year) and
# says how many there are in all: a province's year holds some 100,000, which the workbook lists in full.
PDF_ACTIVITIES_PER_COLLEGE = 10
# The whole appendix lists at most this many activities: a province's thousands of colleges get fewer each
# (down to none, only their totals), so that the printed summary stays a document, not a book.
PDF_ACTIVITIES_IN_ALL = 600


def approved_by_college(year: int, limit: int | None = None) -> list[dict]:
    """The approved activities of the year grouped by college in the colleges' order, oldest first: each
    college's first `limit` (PDF_ACTIVITIES_PER_COLLEGE by default), with the college's total and how many more
    there are. Two queries, and at most `limit` rows per college, however many reports there are."""
    approved = ActivityReport.objects.approved().filter(year=year)
    tallied = CollegeTally.objects.filter(year=year, status=Status.APPROVED, reports__gt=0)
    totals = dict(tallied.values_list("college_id", "reports"))
    if limit is None:
        limit = min(PDF_ACTIVITIES_PER_COLLEGE, PDF_ACTIVITIES_IN_ALL // max(1, len(totals)))
    if limit == 0:  # only each college's total: its activities are in the workbook
        names = College.objects.filter(pk__in=totals).order_by("order", "code").values_list("pk", "name")
        return [{"college": name, "activities": [], "total": totals[pk], "more": totals[pk]} for pk, name in names]
    rank = Window(RowNumber(), partition_by=[F("college_id")], order_by=[F("starts_on").asc(), F("pk").asc()])
    rows = (
        approved.annotate(rank=rank)
        .filter(rank__lte=limit)
        .order_by("college__order", "college__code", "starts_on", "pk")
        .values_list(
            "college_id", "college__name", "title", "kind__name", "starts_on", "student_count", "teacher_count"
        )
    )
    grouped: dict[int, dict] = {}
    for college_id, college, title, kind, starts_on, students, teachers in rows.iterator(chunk_size=2000):
        group = grouped.setdefault(college_id, {"college": college, "activities": [], "total": totals[college_id]})
        group["activities"].append(
            {"title": title, "kind": kind, "date": starts_on.isoformat(), "people": students + teachers}
        )
    for group in grouped.values():
        group["more"] = group["total"] - len(group["activities"])
    return list(grouped.values())
