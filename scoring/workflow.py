"""The assessment workflow as one rule, like the report workflow in activities.workflow.

    self-assessment (自评中) ──submit──▶ submitted (待复评) ──finalise──▶ final (已完成)
          ▲                                 │   ▲                          │
          └────────return (with a reason)───┘   └──reopen (with a reason)──┘
    staff may also finalise straight from the self-assessment (e.g. after an import of reviewed scores).

Who may act is one of colleges.access's named predicates, asked with the assessment's college.
"""

from __future__ import annotations

from colleges.access import Access, authors, reads_every_college, reviews
from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .models import AssessmentStatus


class ScoringError(Refused):
    """A scoring write was refused; the message says why, in the user's language."""


class ScoringRoleRefused(RoleRefused, ScoringError):
    """Refused for the person's role, saying who may (core.errors); still a ScoringError."""


SUBMIT, RETURN, FINALISE, REOPEN = "submit", "return", "finalise", "reopen"

# The college's own scores, notes, linked reports and documents change only during the self-assessment.
WORKFLOW = Workflow(
    {
        SUBMIT: Transition(frozenset({AssessmentStatus.SELF}), AssessmentStatus.SUBMITTED, authors, False),
        RETURN: Transition(frozenset({AssessmentStatus.SUBMITTED}), AssessmentStatus.SELF, reviews, True),
        FINALISE: Transition(
            frozenset({AssessmentStatus.SELF, AssessmentStatus.SUBMITTED}), AssessmentStatus.FINALISED, reviews, False
        ),
        REOPEN: Transition(frozenset({AssessmentStatus.FINALISED}), AssessmentStatus.SUBMITTED, reviews, True),
    },
    editors={AssessmentStatus.SELF: authors},
    role_refusal=ScoringRoleRefused,
)


def can_enter_review(status: str, access: Access, college_id: int | None = None) -> bool:
    """Reviewed scores are staff's, until the assessment is final."""
    return status != AssessmentStatus.FINALISED and reviews(access, college_id)


def result_visible(status: str, access: Access) -> bool:
    """Reviewed scores and the verdict: whoever reads every college at once, the college itself once final."""
    return reads_every_college(access) or status == AssessmentStatus.FINALISED
