"""The region's pure rules: the written report's length, assigning reviewers, consolidating their scores.

The verdict itself is the scoring engine's (scoring.rules.judge): a school is balanced if and only if every key
indicator is at full marks and its total reaches the scheme's threshold. No database here, Decimals only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scoring.rules import CENT, IndicatorSpec, Verdict, judge

REPORT_MAX_CHARS = 2000


def normalise_text(text: str) -> str:
    """A browser posts a textarea's line breaks as CR LF but counts them as one character: so do we."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def char_count(text: str) -> int:
    """Characters, not bytes: 关 is one character (three bytes in UTF-8)."""
    return len(normalise_text(text))


def report_too_long(text: str, limit: int = REPORT_MAX_CHARS) -> bool:
    return char_count(text) > limit


@dataclass(frozen=True)
class Candidate:
    """An application to review or a reviewer, with the member school it belongs to."""

    id: int
    school_id: int


class AssignmentProblem(ValueError):
    """An application that cannot be given any reviewer from another school."""

    def __init__(self, application_ids: Sequence[int]):
        super().__init__(application_ids)
        self.application_ids = tuple(application_ids)


def assign_reviewers(
    applications: Sequence[Candidate],
    reviewers: Sequence[Candidate],
    per_application: int,
    current_load: Mapping[int, int] | None = None,
) -> dict[int, list[int]]:
    """Reviewers for each application: never one from the application's own school, each application getting
    `per_application` reviewers (or every eligible one if fewer), and the load spread as evenly as possible.

    Applications with the fewest eligible reviewers are served first, each taking the least-loaded eligible
    reviewers (ties broken by id, so the result is deterministic). `current_load` counts reviews a reviewer
    already holds. Raises AssignmentProblem naming the applications no reviewer may review.
    """
    load = {reviewer.id: (current_load or {}).get(reviewer.id, 0) for reviewer in reviewers}
    eligible = {
        application.id: [r for r in reviewers if r.school_id != application.school_id] for application in applications
    }
    stranded = sorted(app_id for app_id, names in eligible.items() if not names)
    if stranded and reviewers:
        raise AssignmentProblem(stranded)
    if not reviewers:
        raise AssignmentProblem(sorted(eligible))
    result: dict[int, list[int]] = {}
    for application in sorted(applications, key=lambda a: (len(eligible[a.id]), a.id)):
        chosen = sorted(eligible[application.id], key=lambda r: (load[r.id], r.id))[:per_application]
        for reviewer in chosen:
            load[reviewer.id] += 1
        result[application.id] = sorted(r.id for r in chosen)
    return result


def own_school_violations(
    pairs: Sequence[tuple[Candidate, Candidate]],
) -> list[tuple[int, int]]:
    """(application id, reviewer id) of every pair in which a reviewer would review their own school."""
    return [(app.id, reviewer.id) for app, reviewer in pairs if app.school_id == reviewer.school_id]


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Consolidated:
    """One indicator across the reviewers who scored it: mean, spread (highest − lowest) and the flag."""

    code: str
    count: int
    mean: Decimal | None
    spread: Decimal
    flagged: bool


def consolidate(
    sheets: Sequence[Mapping[str, Decimal | None]], indicators: Sequence[IndicatorSpec], disagreement: Decimal
) -> list[Consolidated]:
    """Each indicator's consolidated score over the reviewers' submitted sheets. An indicator is flagged for
    discussion when its spread is strictly greater than `disagreement` points."""
    result = []
    for spec in indicators:
        values = [sheet[spec.code] for sheet in sheets if sheet.get(spec.code) is not None]
        spread = (max(values) - min(values)) if values else Decimal(0)
        result.append(Consolidated(spec.code, len(values), mean(values), spread, spread > disagreement))
    return result


def consolidated_total(rows: Sequence[Consolidated]) -> Decimal | None:
    means = [row.mean for row in rows if row.mean is not None]
    return sum(means, Decimal(0)) if means else None


def verdict(scores: Mapping[str, Decimal | None], indicators: Sequence[IndicatorSpec], threshold: Decimal) -> Verdict:
    """The balanced-development verdict, by the colleges' own rule."""
    return judge(scores, indicators, threshold)


def prefill_collective(
    recorded: Mapping[str, Decimal | None], consolidated: Sequence[Consolidated]
) -> dict[str, Decimal | None]:
    """The collective score to offer for each indicator of the sheet (`recorded`, code → the score recorded so
    far): the recorded one if any, else the reviewers' mean, else nothing."""
    means = {row.code: row.mean for row in consolidated}
    return {code: value if value is not None else means.get(code) for code, value in recorded.items()}
