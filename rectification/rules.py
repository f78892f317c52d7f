"""The rules of 整改, pure: which indicators of a final assessment are weak, and when an item is overdue.

Plan section 3 judges a college by its key indicators (each at full marks) and its total (at least the
threshold), scoring.rules.judge. A college that is not balanced rectifies what made it so: every key indicator
below full marks and, when the total is short, its weakest indicators as scoring.standing ranks them (the lowest
shares of their maximum first, the larger maximum first among equals), at most WEAKEST of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

OPEN, PLANNED, IN_PROGRESS, SUBMITTED, ACCEPTED = "open", "planned", "in_progress", "submitted", "accepted"
# Handed in: waiting for staff, or done; such an item is no longer the college's to finish by its deadline.
HANDED_IN = frozenset({SUBMITTED, ACCEPTED})
WEAKEST = 3


def weak_indicators(scored: Sequence[tuple[str, Decimal, Decimal, bool]], threshold: Decimal) -> list[str]:
    """The codes to rectify, in the scheme's order, from (code, score, max points, is key) of every scored
    indicator: key indicators below full marks and, if the total is below the threshold, the WEAKEST lowest
    shares below full marks."""
    weak = {code for code, score, maximum, key in scored if key and score < maximum}
    total = sum((score for _code, score, _maximum, _key in scored), Decimal(0))
    if total < threshold:
        short = [row for row in scored if row[1] < row[2]]
        ranked = sorted(short, key=lambda row: (row[1] / row[2] if row[2] else Decimal(1), -row[2]))
        weak |= {code for code, *_rest in ranked[:WEAKEST]}
    return [code for code, *_rest in scored if code in weak]


def is_overdue(status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Past the deadline the college set and not yet handed in for acceptance."""
    return deadline is not None and deadline < today and status not in HANDED_IN
