"""The set's assessments: every college of every school assessed and finalised every year, eight in ten balanced,
the others short on a key indicator or on the total.

They are written as the finished state, with bulk inserts for every school at once, the verdicts computed by
`scoring.rules.judge` as `recompute_scheme` computes and stores them: a loop of `ensure_assessments`, score updates
and `recompute_scheme` per school and year costs about a quarter of a second each, minutes for 168 schools × 5
years. tests/dashboard/test_bench.py checks that a recompute changes none of them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from core.scoping import every_school
from scoring import rules
from scoring.models import Assessment, AssessmentStatus, Indicator, IndicatorScore, Scheme

BATCH = 5000


def bench_score(spec, variant: str, salt: int) -> Decimal:
    """A reviewed score valid for the indicator's mode: full marks, or short in the way `variant` says."""
    maximum = spec.max_points
    if variant == "key_short" and spec.is_key and spec.mode == rules.POINTS and salt % 3 == 0:
        return maximum - 2
    if variant == "total_short" and not spec.is_key:
        if spec.mode == rules.GRADED:
            return (maximum * rules.GRADE_SHARES["C"]).quantize(rules.CENT)
        if spec.mode == rules.POINTS:
            return (maximum * Decimal("0.7")).quantize(rules.CENT)
    if variant == "balanced" and not spec.is_key and spec.mode == rules.POINTS and salt % 4 == 0:
        return maximum - Decimal("0.5")
    return maximum


def assessments(size, staff_of: dict, colleges: list) -> None:
    """Every college assessed and finalised by its school's staff every year, in its school's scheme."""
    index = {c.pk: n for n, c in enumerate(colleges)}
    of_school = defaultdict(list)
    for college in colleges:
        of_school[college.institution_id].append(college)
    with every_school():  # every school's schemes; each assesses its own school's colleges only
        schemes = list(Scheme.objects.filter(year__in=size.year_list))
        indicators = defaultdict(list)
        for indicator in Indicator.objects.filter(scheme__in=schemes):
            indicators[indicator.scheme_id].append(indicator)
    made, scores = [], []
    for scheme in schemes:
        scored = scored_indicators(indicators[scheme.pk])
        specs = [i.spec() for i in scored]
        codes = sorted(s.code for s in specs)
        end = datetime.datetime(scheme.year, 12, 20, 10, tzinfo=ZoneInfo(settings.TIME_ZONE))
        for college in of_school[scheme.institution_id]:
            n = index[college.pk] + scheme.year
            variant = {8: "key_short", 9: "total_short"}.get(n % 10, "balanced")
            points = {s.code: bench_score(s, variant, n + codes.index(s.code)) for s in specs}
            verdict = rules.judge(points, specs, scheme.threshold)
            made.append(
                Assessment(
                    college=college,
                    scheme=scheme,
                    status=AssessmentStatus.FINALISED,
                    version=3,
                    submitted_at=end - datetime.timedelta(days=10),
                    finalised_at=end,
                    finalised_by=staff_of[scheme.institution_id],
                    self_total=sum(points.values(), Decimal(0)),
                    final_total=verdict.total,
                    balanced=verdict.balanced,
                    key_short=list(verdict.key_short),
                )
            )
            scores.append([(i.pk, points[i.code]) for i in scored])
    Assessment.objects.bulk_create(made, batch_size=BATCH)
    rows = (
        IndicatorScore(assessment=a, indicator_id=pk, self_score=points, final_score=points)
        for a, its_scores in zip(made, scores, strict=True)
        for pk, points in its_scores
    )
    IndicatorScore.objects.bulk_create(rows, batch_size=BATCH)


def scored_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """As scoring.schemes.scored_indicators, from a scheme's indicators already read."""
    parents = {i.parent_id for i in indicators if i.parent_id}
    return [i for i in indicators if i.pk not in parents]
