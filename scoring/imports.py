"""The committee's reviewed scores of many colleges at once, from a sheet (scoring.importer reads it): all or
nothing, each change recorded as the form's would be."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import College

from .assessments import ScoreInput, ensure_assessments, save_scores, transition
from .importer import read_scores
from .models import Assessment, IndicatorScore, Scheme, ScoreField
from .schemes import scored_indicators
from .workflow import ScoringError


@dataclass(frozen=True)
class ImportResult:
    scores: int
    colleges: int
    finalised: int


def import_review_scores(
    scheme: Scheme, filename: str, content: bytes, user, *, finalise: bool = False, reopen_final: bool = False
) -> ImportResult:
    """Reviewed scores from a sheet, all or nothing: one bad row and nothing at all is saved.

    A final college's scores change only with `reopen_final`; otherwise the import is refused, naming them."""
    ensure_assessments(scheme)
    indicators = scored_indicators(scheme)
    colleges = {c.code: c for c in College.objects.active().filter(assessments__scheme=scheme)}
    rows = read_scores(filename, content, colleges=set(colleges), indicators={i.code: i.spec() for i in indicators})
    by_college = defaultdict(list)
    for row in rows:
        by_college[row.college_code].append(row)
    finalised = 0
    with transaction.atomic():
        assessments = {
            a.college.code: a
            for a in Assessment.objects.select_for_update().filter(scheme=scheme).select_related("college", "scheme")
        }
        stored = IndicatorScore.objects.filter(assessment__scheme=scheme).values_list(
            "assessment__college__code", "indicator__code", "final_score", "review_note"
        )
        current = {(code, indicator_code): (score, note) for code, indicator_code, score, note in stored}
        for code in list(by_college):
            # A row that repeats what is stored changes nothing; a college whose rows all do is left alone.
            changed = [r for r in by_college[code] if current.get((code, r.indicator_code)) != (r.score, r.comment)]
            if changed:
                by_college[code] = changed
            else:
                del by_college[code]
        final = [assessments[code].college.name for code in by_college if assessments[code].is_final]
        if final and not reopen_final:
            raise ScoringError(
                _(
                    "Nothing was imported: the sheet changes scores of colleges whose assessment is final "
                    "(%(names)s). Tick “Reopen colleges that are already final” to reopen and rescore them."
                )
                % {"names": "、".join(final)}
            )
        for code, college_rows in by_college.items():
            assessment = assessments[code]
            if assessment.is_final:
                # Asked for: a final assessment is reopened and rescored, and finalised again only if asked —
                # every step in its history and every score change in the trail.
                assessment = transition(assessment, user, "reopen", _("Reopened by import"))
            score_ids = dict(assessment.scores.values_list("indicator__code", "pk"))
            values = {score_ids[r.indicator_code]: ScoreInput(r.score, r.comment) for r in college_rows}
            assessment = save_scores(assessment, user, ScoreField.FINAL, values, source="import")
            if finalise and not assessment.scores.filter(indicator__in=indicators, final_score__isnull=True).exists():
                transition(assessment, user, "finalise", _("Finalised by import"))
                finalised += 1
    changed_rows = sum(len(college_rows) for college_rows in by_college.values())
    return ImportResult(scores=changed_rows, colleges=len(by_college), finalised=finalised)
