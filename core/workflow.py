"""The shape of every workflow table in the portal (reports, assessments, and those to come)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """An action: the statuses it may start from, the status it leads to, the access predicate that allows it
    (one of colleges.access's, asked with the object's college), and whether it needs a reason."""

    sources: frozenset[str]
    target: str
    allowed: Callable[..., bool]
    needs_comment: bool
    # Taken only by whoever may edit the object in its current status (a report is resubmitted by the people
    # who write it, not by the staff who returned it).
    by_editors: bool = False
