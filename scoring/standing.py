"""Where the school stands: how many colleges reach balanced development, each college's gap, and what-ifs.

Reads only. The share counts finalised assessments of active colleges; a college still in self-assessment or
review counts as not (yet) balanced, and pages say which state it is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy, pgettext_lazy

from colleges.models import College
from core.cache import cached

from . import rules
from .models import Assessment, AssessmentStatus, IndicatorScore, Scheme
from .schemes import scored_indicators, specs_of


class DisplayState(StrEnum):
    """What an assessment's verdict may say on a page: nothing but its stage until it is final."""

    SELF = "self"  # 自评中
    AWAITING_REVIEW = "awaiting_review"  # 待复评
    BALANCED = "balanced"  # 已完成（均衡发展）
    NOT_BALANCED = "not_balanced"  # 已完成（未达均衡发展）

    @property
    def is_final(self) -> bool:
        return self in (DisplayState.BALANCED, DisplayState.NOT_BALANCED)

    @property
    def label(self) -> str:
        return str(_DISPLAY_LABELS[self])


_DISPLAY_LABELS = {
    DisplayState.SELF: gettext_lazy("Self-assessment in progress"),
    DisplayState.AWAITING_REVIEW: pgettext_lazy("status", "Awaiting review"),
    DisplayState.BALANCED: gettext_lazy("Final: balanced development"),
    DisplayState.NOT_BALANCED: gettext_lazy("Final: balanced development not reached"),
}


def display_state(assessment: Assessment) -> DisplayState:
    """The one rule for showing a verdict: a verdict exists only once the assessment is final; before that the
    page shows the stage (the stored verdict of unreviewed scores would read as a failure)."""
    if assessment.status == AssessmentStatus.FINALISED:
        return DisplayState.BALANCED if assessment.balanced else DisplayState.NOT_BALANCED
    if assessment.status == AssessmentStatus.SELF:
        return DisplayState.SELF
    return DisplayState.AWAITING_REVIEW


@dataclass(frozen=True)
class CollegeStanding:
    college: College
    assessment: Assessment
    state: DisplayState
    gap: Decimal | None  # points missing to the threshold; None until final
    weakest: tuple[tuple[str, str, Decimal, Decimal], ...]  # (code, name, score, max) of the lowest shares; final only


@dataclass(frozen=True)
class SchoolFigures:
    year: int
    balanced: int
    colleges: int
    finalised: int
    percent: Decimal
    threshold: Decimal


@dataclass(frozen=True)
class SchoolStatus(SchoolFigures):
    standings: tuple[CollegeStanding, ...]


def school_assessments(scheme: Scheme) -> QuerySet[Assessment]:
    """The year's assessments of active colleges, in the school's order of colleges."""
    return (
        Assessment.objects.filter(scheme=scheme, college__active=True)
        .select_related("college", "scheme")
        .order_by("college__order", "college__code", "pk")
    )


def school_figures(scheme: Scheme) -> SchoolFigures:
    """N of M active colleges balanced in finalised assessments, in one aggregate query (not from the list)."""
    counts = Assessment.objects.filter(scheme=scheme, college__active=True).aggregate(
        colleges=Count("pk"),
        finalised=Count("pk", filter=Q(status=AssessmentStatus.FINALISED)),
        balanced=Count("pk", filter=Q(status=AssessmentStatus.FINALISED, balanced=True)),
    )
    return SchoolFigures(
        year=scheme.year,
        balanced=counts["balanced"],
        colleges=counts["colleges"],
        finalised=counts["finalised"],
        percent=rules.share(counts["balanced"], counts["colleges"]),
        threshold=scheme.threshold,
    )


def standings_of(scheme: Scheme, assessments) -> list[CollegeStanding]:
    """Each assessment's state, gap and weakest indicators (a page of them), in fixed queries."""
    indicators = {i.pk: i for i in scored_indicators(scheme)}
    assessments = list(assessments)
    prefetch_related_objects(
        assessments,
        Prefetch("scores", queryset=IndicatorScore.objects.only("assessment_id", "indicator_id", "final_score")),
    )
    standings = []
    for assessment in assessments:
        scored = [
            (indicators[s.indicator_id], s.final_score or Decimal(0))
            for s in assessment.scores.all()
            if s.indicator_id in indicators
        ]
        weakest = sorted(scored, key=lambda pair: (pair[1] / pair[0].max_points, -pair[0].max_points))[:3]
        state = display_state(assessment)
        standings.append(
            CollegeStanding(
                college=assessment.college,
                assessment=assessment,
                state=state,
                gap=max(Decimal(0), scheme.threshold - assessment.final_total) if state.is_final else None,
                weakest=tuple((i.code, i.name, score, i.max_points) for i, score in weakest if score < i.max_points)
                if state.is_final
                else (),
            )
        )
    return standings


def school_status(scheme: Scheme) -> SchoolStatus:
    """The school's figures and every college's standing: for the yearly report and narrative, which read them
    all; a page shows the figures and one page of standings instead."""
    figures = school_figures(scheme)
    standings = standings_of(scheme, school_assessments(scheme))
    return SchoolStatus(**vars(figures), standings=tuple(standings))


def balanced_share(year: int) -> tuple[Decimal, int, int]:
    """(percent, balanced, colleges) of the year, cached until the next score change."""

    def compute():
        scheme = Scheme.objects.filter(year=year).first()
        colleges = College.objects.active().count()
        if scheme is None:
            return (Decimal(0), 0, colleges)
        balanced = Assessment.objects.filter(
            scheme=scheme, college__active=True, status=AssessmentStatus.FINALISED, balanced=True
        ).count()
        return (rules.share(balanced, colleges), balanced, colleges)

    return cached(f"balanced-share:{year}", compute)


def what_if(assessment: Assessment, trial: dict[str, Decimal | None]) -> tuple[rules.Verdict, Decimal, Decimal]:
    """The verdict these trial scores would give, and the school's percentage before and after. Writes nothing."""
    specs = specs_of(scored_indicators(assessment.scheme))
    verdict = rules.judge(trial, specs, assessment.scheme.threshold)
    percent_now, balanced, colleges = balanced_share(assessment.scheme.year)
    counted_now = assessment.is_final and assessment.balanced and assessment.college.active
    balanced_then = balanced - (1 if counted_now else 0) + (1 if verdict.balanced and assessment.college.active else 0)
    return verdict, percent_now, rules.share(balanced_then, colleges)
