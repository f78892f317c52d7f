"""Demo assessments of 2022: most colleges balanced, one short on a key indicator only, one short on the total
only, and sec1's college still in self-assessment so that the demo secretary can fill it in.

Scores go through the same services as the pages, so histories and verdicts are real. Never run by a migration.
"""

from __future__ import annotations

from decimal import Decimal

from activities.models import ActivityReport
from colleges.demo import school_secretaries, school_staff
from colleges.models import College

from . import assessments, rules, schemes
from .models import Assessment, AssessmentStatus, Scheme, ScoreField

STILL_SELF_ASSESSING = "jx"
KEY_SHORT_ONLY = "ty"
TOTAL_SHORT_ONLY = "gj"
# Which kinds of approved report count as evidence for which indicator.
EVIDENCE = {
    "C1": {"red-tour", "three-into", "read-china", "medal-reading"},
    "C2": {"lecturer-lecture"},
    "D1": {"care-help"},
    "D2": {"talk-room", "sunshine-house"},
    "E1": {"brand-activity"},
}


def demo_scores(specs: list[rules.IndicatorSpec], code: str, seed: int) -> dict[str, Decimal]:
    """Reviewed scores for one college, valid for every indicator's mode."""
    scores = {s.code: s.max_points for s in specs}
    by_code = {s.code: s for s in specs}

    def grade(indicator, letter):
        if indicator in by_code:
            scores[indicator] = (by_code[indicator].max_points * rules.GRADE_SHARES[letter]).quantize(rules.CENT)

    def minus(indicator, points):
        if indicator in by_code and by_code[indicator].mode == rules.POINTS:
            scores[indicator] = max(Decimal(0), scores[indicator] - Decimal(points))

    if code == TOTAL_SHORT_ONLY:
        grade("B2", "C")
        grade("E2", "C")
        minus("A3", 2)
        minus("C1", "1.5")
        return scores
    if code == KEY_SHORT_ONLY:
        minus("D1", 2)
        minus("C3", 1)
        return scores
    for n, indicator in enumerate(["A3", "B3", "C1", "C2", "C3", "D2", "D3", "E1"]):
        minus(indicator, Decimal((seed + n) % 3) / 2)
    if seed % 2:
        grade("E2", "B")
    return scores


def load_demo_assessments(year: int = 2022, still_self_assessing: str = STILL_SELF_ASSESSING) -> int:
    """Play the scope's school's assessments of the year to their end, but for the college whose code is
    `still_self_assessing`, left for its demo secretary to fill in."""
    scheme = Scheme.objects.filter(year=year).first()
    staff = school_staff()
    if scheme is None or staff is None:
        return 0
    assessments.ensure_assessments(scheme)
    secretaries = school_secretaries()
    specs = schemes.specs_of(schemes.scored_indicators(scheme))
    done = 0
    for seed, college in enumerate(College.objects.active()):
        assessment = Assessment.objects.get(scheme=scheme, college=college)
        if assessment.status != AssessmentStatus.SELF or assessment.scores.exclude(self_score=None).exists():
            continue  # already played, or touched by someone: leave it as it is
        if college.code == still_self_assessing:
            continue
        author = secretaries.get(college.pk, staff)
        final = demo_scores(specs, college.code, seed)
        score_rows = {s.indicator.code: s for s in assessments.scores_of(assessment)}
        self_values = {
            score_rows[code].pk: assessments.ScoreInput(value, "已按要求开展，佐证材料见附件。")
            for code, value in final.items()
        }
        assessment = assessments.save_scores(assessment, author, ScoreField.SELF, self_values, source="demo")
        _link_evidence(assessment, score_rows)
        assessment = assessments.transition(assessment, author, "submit")
        final_values = {
            score_rows[code].pk: assessments.ScoreInput(
                value, "" if value == score_rows[code].indicator.max_points else "材料不够充分。"
            )
            for code, value in final.items()
        }
        assessment = assessments.save_scores(assessment, staff, ScoreField.FINAL, final_values, source="demo")
        assessments.transition(assessment, staff, "finalise")
        done += 1
    return done


def _link_evidence(assessment, score_rows) -> None:
    reports = ActivityReport.objects.approved().filter(college=assessment.college, year=assessment.scheme.year)
    for code, kinds in EVIDENCE.items():
        if code in score_rows:
            score_rows[code].reports.set([r for r in reports if r.kind.code in kinds])
