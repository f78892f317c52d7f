"""The assessment workflow as one rule, like the report workflow in activities.workflow.

    self-assessment (自评中) ──submit──▶ submitted (待复评) ──finalise──▶ final (已完成)
          ▲                                 │   ▲                          │
          └────────return (with a reason)───┘   └──reopen (with a reason)──┘
    staff may also finalise straight from the self-assessment (e.g. after an import of reviewed scores).

Who may act is one of colleges.access's named predicates, asked with the assessment's college.
"""

from __future__ import annotations

from colleges.access import Access, authors, reviews
from core.workflow import Transition

from .models import AssessmentStatus


class ScoringError(Exception):
    """A scoring write was refused; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


SUBMIT, RETURN, FINALISE, REOPEN = "submit", "return", "finalise", "reopen"

TRANSITIONS: dict[str, Transition] = {
    SUBMIT: Transition(frozenset({AssessmentStatus.SELF}), AssessmentStatus.SUBMITTED, authors, False),
    RETURN: Transition(frozenset({AssessmentStatus.SUBMITTED}), AssessmentStatus.SELF, reviews, True),
    FINALISE: Transition(
        frozenset({AssessmentStatus.SELF, AssessmentStatus.SUBMITTED}), AssessmentStatus.FINALISED, reviews, False
    ),
    REOPEN: Transition(frozenset({AssessmentStatus.FINALISED}), AssessmentStatus.SUBMITTED, reviews, True),
}


def can_transition(action: str, status: str, access: Access, college_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return rule is not None and status in rule.sources and rule.allowed(access, college_id)


def available_actions(status: str, access: Access, college_id: int | None) -> list[str]:
    return [action for action in TRANSITIONS if can_transition(action, status, access, college_id)]


def can_self_assess(status: str, access: Access, college_id: int | None) -> bool:
    """The college's own scores, notes, linked reports and documents change only during the self-assessment."""
    return status == AssessmentStatus.SELF and authors(access, college_id)


def can_enter_review(status: str, access: Access, college_id: int | None = None) -> bool:
    """Reviewed scores are staff's, until the assessment is final."""
    return status != AssessmentStatus.FINALISED and reviews(access, college_id)


def result_visible(status: str, access: Access) -> bool:
    """Reviewed scores and the verdict: whoever sees every college at once, the college itself once final."""
    return access.sees_every_college or status == AssessmentStatus.FINALISED
