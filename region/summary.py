"""What the lead and the province read about a region-year: progress, consolidated scores, the summary table
and the drafted work report. Reads only; a constant number of queries per page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils.translation import pgettext

from . import rules
from .models import (
    Application,
    ApplicationScore,
    Assignment,
    AssignmentStatus,
    Region,
    ReviewScore,
    SchoolIndicator,
    SchoolScheme,
    Status,
    Visit,
    VisitState,
)


@dataclass
class SchoolRow:
    application: Application
    consolidated: list[rules.Consolidated]
    reviewers_mean: Decimal | None
    flagged: list[str]
    done: int
    assigned: int
    visit: Visit | None = None


def consolidation(region: Region) -> list[SchoolRow]:
    """Per application under review or beyond: each indicator's mean and spread over the submitted reviews."""
    scheme = SchoolScheme.objects.filter(region=region).prefetch_related("indicators").first()
    round_ = getattr(region, "review_round", None)
    if scheme is None:
        return []
    specs = scheme.specs()
    disagreement = round_.disagreement_points if round_ else Decimal(0)
    applications = list(
        Application.objects.filter(region=region)
        .exclude(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
        .select_related("institution")
    )
    sheets: dict[int, dict[int, dict[str, Decimal | None]]] = defaultdict(dict)
    for app_id, assignment_id, code, score in ReviewScore.objects.filter(
        assignment__application__region=region, assignment__status=AssignmentStatus.SUBMITTED
    ).values_list("assignment__application_id", "assignment_id", "indicator__code", "score"):
        sheets[app_id].setdefault(assignment_id, {})[code] = score
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for app_id, status in Assignment.objects.filter(application__region=region).values_list(
        "application_id", "status"
    ):
        counts[app_id][1] += 1
        if status == AssignmentStatus.SUBMITTED:
            counts[app_id][0] += 1
    visits = visits_by_application(region)
    rows = []
    for application in applications:
        consolidated = rules.consolidate(list(sheets[application.pk].values()), specs, disagreement)
        rows.append(
            SchoolRow(
                application,
                consolidated,
                rules.consolidated_total(consolidated),
                [c.code for c in consolidated if c.flagged],
                *counts[application.pk],
                visits.get(application.pk),
            )
        )
    return rows


@dataclass
class ReviewerColumn:
    """One reviewer's submitted sheet of one application, named as people know them."""

    name: str
    scores: dict[str, Decimal | None]

    @property
    def total(self) -> Decimal | None:
        given = [score for score in self.scores.values() if score is not None]
        return sum(given, Decimal(0)) if given else None


@dataclass
class IndicatorTable:
    """One application's scores per indicator: its own, each reviewer's submitted ones, their mean, and the
    collective score agreed at the review meeting; with the totals as the database keeps them."""

    application: Application
    indicators: list[SchoolIndicator]
    self_scores: dict[str, Decimal | None]
    reviewers: list[ReviewerColumn]
    means: dict[str, Decimal | None]
    collective: dict[str, Decimal | None]

    def rows(self) -> list[dict]:
        return [
            {
                "indicator": indicator,
                "self": self.self_scores.get(indicator.code),
                "reviewers": [column.scores.get(indicator.code) for column in self.reviewers],
                "mean": self.means.get(indicator.code),
                "collective": self.collective.get(indicator.code),
            }
            for indicator in self.indicators
        ]

    @property
    def max_total(self) -> Decimal:
        return sum((indicator.max_points for indicator in self.indicators), Decimal(0))

    @property
    def mean_total(self) -> Decimal | None:
        means = [mean for mean in self.means.values() if mean is not None]
        return sum(means, Decimal(0)) if means else None


def indicator_tables(region: Region) -> list[IndicatorTable]:
    """Per application under review or beyond, its per-indicator scores (the summary's second part), in five
    queries however many applications and reviewers there are.

    Only submitted reviews count, as in the consolidation: a sheet still being scored is the reviewer's own.
    Reviewers are named: the summary is read by the lead and the read-only roles, whom blind review lets see
    every reviewer's scores (access.sees_others_scores)."""
    scheme = SchoolScheme.objects.filter(region=region).prefetch_related("indicators").first()
    if scheme is None:
        return []
    indicators = list(scheme.indicators.all())
    applications = list(
        Application.objects.filter(region=region)
        .exclude(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
        .select_related("institution")
    )
    own: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    agreed: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for app_id, code, self_score, collective in ApplicationScore.objects.filter(
        application__region=region
    ).values_list("application_id", "indicator__code", "self_score", "collective_score"):
        own[app_id][code] = self_score
        agreed[app_id][code] = collective
    columns: dict[int, dict[int, ReviewerColumn]] = defaultdict(dict)
    for app_id, assignment_id, username, first, last, code, score in (
        ReviewScore.objects.filter(
            assignment__application__region=region, assignment__status=AssignmentStatus.SUBMITTED
        )
        .order_by("assignment__reviewer__username", "assignment_id")
        .values_list(
            "assignment__application_id",
            "assignment_id",
            "assignment__reviewer__username",
            "assignment__reviewer__first_name",
            "assignment__reviewer__last_name",
            "indicator__code",
            "score",
        )
    ):
        # The display name as User.get_full_name() says it, else the login name.
        name = f"{first} {last}".strip() or username
        columns[app_id].setdefault(assignment_id, ReviewerColumn(name, {})).scores[code] = score
    specs = [indicator.spec() for indicator in indicators]
    tables = []
    for application in applications:
        reviewers = list(columns[application.pk].values())
        # The means as the consolidation takes them (its flags need the round's threshold, not read here).
        consolidated = rules.consolidate([column.scores for column in reviewers], specs, Decimal(0))
        means = {row.code: row.mean for row in consolidated}
        tables.append(
            IndicatorTable(application, indicators, own[application.pk], reviewers, means, agreed[application.pk])
        )
    return tables


def reviewer_progress(region: Region) -> list[dict]:
    """Who has finished what: per reviewer, their assignments and how many are submitted."""
    people: dict[int, dict] = {}
    for assignment in Assignment.objects.filter(application__region=region).select_related(
        "reviewer__affiliation__institution", "application__institution"
    ):
        entry = people.setdefault(
            assignment.reviewer_id, {"reviewer": assignment.reviewer, "assignments": [], "done": 0}
        )
        entry["assignments"].append(assignment)
        entry["done"] += assignment.status == AssignmentStatus.SUBMITTED
    return sorted(people.values(), key=lambda e: e["reviewer"].username)


def visits_by_application(region: Region) -> dict[int, Visit]:
    """Each application's on-site visit with its visitors (two queries)."""
    visitors = Prefetch(
        "visitors", queryset=get_user_model().objects.select_related("affiliation__institution").order_by("username")
    )
    return {
        visit.application_id: visit
        for visit in Visit.objects.filter(application__region=region)
        .select_related("application__institution")
        .prefetch_related(visitors)
    }


def visit_text(visit: Visit | None, findings: bool = True) -> str:
    """A visit in one line for the tables: its day, its visitors and, once recorded, what they found."""
    if visit is None:
        return ""
    names = "、".join(person.get_full_name() or person.username for person in visit.visitors.all())
    text = f"{visit.visit_on.isoformat()} {names}"
    if findings and visit.findings:
        text += f"：{visit.findings}"
    elif visit.state == VisitState.PLANNED:
        text += f"（{visit.get_state_display()}）"
    return text


def summary_rows(region: Region) -> list[dict]:
    """The review summary table (评议汇总表): self score, reviewers' mean, collective score, verdict, opinion, and
    the on-site visit beside them."""
    consolidated = consolidation(region)
    means = {row.application.pk: row.reviewers_mean for row in consolidated}
    visits = {row.application.pk: row.visit for row in consolidated}  # a visit is of an application under review
    rows = []
    for application in Application.objects.filter(region=region).select_related("institution"):
        reviewed = application.collective_total is not None
        rows.append(
            {
                "school": application.institution.name,
                "status": application.get_status_display(),
                "self_total": application.self_total,
                "reviewers_mean": means.get(application.pk),
                "collective_total": application.collective_total,
                "verdict": (
                    pgettext("verdict", "Balanced") if application.balanced else pgettext("verdict", "Not balanced")
                )
                if reviewed
                else "",
                "reasons": "；".join(application.reasons),
                "opinion": application.opinion,
                "visit": visit_text(visits.get(application.pk)),
            }
        )
    return rows


def panel_rows(review_round) -> list[dict]:
    """The round's panel as the lead manages it: each reviewer with their school and how many reviews they hold
    and have submitted (one query)."""
    reviewers = (
        review_round.panel.select_related("affiliation__institution")
        .annotate(
            held=Count("region_reviews", filter=Q(region_reviews__round=review_round)),
            submitted=Count(
                "region_reviews",
                filter=Q(region_reviews__round=review_round, region_reviews__status=AssignmentStatus.SUBMITTED),
            ),
        )
        .order_by("affiliation__institution__code", "username")
    )
    return [{"reviewer": r, "held": r.held, "submitted": r.submitted} for r in reviewers]
