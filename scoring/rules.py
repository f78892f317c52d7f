"""The balanced-development rule (均衡发展), and how each scoring mode accepts a score.

Plan section 3: a college committee is balanced if and only if all key indicators are at full marks AND its
total is at least the threshold ("90分以上", which includes 90). The key set and the threshold come from the
year's scheme, never from code. Pure functions on Decimals: no database, no floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.text import fmt

POINTS = "points"
YES_NO = "yes_no"
GRADED = "graded"
# Graded indicators (A/B/C/D) score this share of their maximum.
GRADE_SHARES = {"A": Decimal("1.00"), "B": Decimal("0.60"), "C": Decimal("0.40"), "D": Decimal("0.00")}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    max_points: Decimal
    is_key: bool = False
    mode: str = POINTS


@dataclass(frozen=True)
class Verdict:
    balanced: bool
    total: Decimal
    key_short: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())


def allowed_values(spec: IndicatorSpec) -> list[Decimal] | None:
    """The only scores a yes/no or graded indicator accepts; None for points up to the maximum."""
    if spec.mode == YES_NO:
        return [spec.max_points, Decimal(0)]
    if spec.mode == GRADED:
        return [(spec.max_points * share).quantize(CENT) for share in GRADE_SHARES.values()]
    return None


def parse_score(raw) -> Decimal:
    """A score as typed or imported; raises ValueError for anything that is not a finite number."""
    if isinstance(raw, float):
        raw = repr(raw)  # 8.5 stays 8.5, not 8.4999…
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def score_problem(value: Decimal, spec: IndicatorSpec) -> str | None:
    """Why this score cannot be given to this indicator, or None if it can."""
    if value < 0:
        return _("a score cannot be below zero")
    if value > spec.max_points:
        return _("%(score)s is above the maximum of %(max)s") % {"score": fmt(value), "max": fmt(spec.max_points)}
    if value != value.quantize(CENT):
        return _("a score has at most two decimals")
    allowed = allowed_values(spec)
    if allowed is not None and value not in allowed:
        choices = "、".join(fmt(v) for v in allowed)
        if spec.mode == YES_NO:
            return _("a yes/no indicator scores full marks or zero (%(choices)s)") % {"choices": choices}
        return _("a graded indicator scores one of its grades (%(choices)s)") % {"choices": choices}
    return None


def judge(scores: Mapping[str, Decimal | None], indicators: Sequence[IndicatorSpec], threshold: Decimal) -> Verdict:
    """The verdict for one college. `scores` maps indicator codes to scores; a missing score counts as zero."""
    total = Decimal(0)
    key_short = []
    reasons = []
    for spec in indicators:
        score = scores.get(spec.code)
        if score is None:
            reasons.append(_("indicator %(code)s has no score") % {"code": spec.code})
            score = Decimal(0)
        total += score
        if spec.is_key and score < spec.max_points:
            key_short.append(spec.code)
            reasons.append(
                _("key indicator %(code)s scored %(score)s/%(max)s, not full marks")
                % {"code": spec.code, "score": fmt(score), "max": fmt(spec.max_points)}
            )
    if total < threshold:
        reasons.append(
            _("total %(total)s is below %(threshold)s") % {"total": fmt(total), "threshold": fmt(threshold)}
        )
    balanced = not key_short and total >= threshold
    return Verdict(balanced=balanced, total=total, key_short=tuple(key_short), reasons=tuple(reasons))


def share(part: int, whole: int) -> Decimal:
    """A percentage with one decimal; 0 of 0 is 0."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))
