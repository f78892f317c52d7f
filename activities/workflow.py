"""The report workflow as one rule: who may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                 │  ▲                    │
      └────withdraw─────┤  │                    │
                   return  submit (corrected)   reopen (staff, with a reason)
                        ▼  │                    │
                      returned ◀────────────────┘

Who may act is one of colleges.access's named predicates, asked with the report's college: a secretary authors
for their own college only, staff review every college, the office never acts.
"""

from __future__ import annotations

from colleges.access import Access, authors, reviews, secretary_of
from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .models import Action, Status


class WorkflowError(Refused):
    """A write to a report was refused; the message says why, in the user's language."""


class ReportRoleRefused(RoleRefused, WorkflowError):
    """Refused for the person's role, saying who may (core.errors); still a WorkflowError."""


# Who may change a report's content and evidence in each editable status: as a draft, its authors; after a
# return, the college's own secretary alone, so that a reviewer cannot correct and resubmit what they returned.
WORKFLOW = Workflow(
    {
        Action.SUBMIT: Transition(
            frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, authors, False, by_editors=True
        ),
        Action.APPROVE: Transition(frozenset({Status.SUBMITTED}), Status.APPROVED, reviews, False),
        Action.RETURN: Transition(frozenset({Status.SUBMITTED}), Status.RETURNED, reviews, True),
        Action.REOPEN: Transition(frozenset({Status.APPROVED}), Status.RETURNED, reviews, True),
        # Until a reviewer acts, the college may take a submission back (a missing photo, a wrong date).
        Action.WITHDRAW: Transition(frozenset({Status.SUBMITTED}), Status.DRAFT, authors, False),
    },
    editors={Status.DRAFT: authors, Status.RETURNED: secretary_of},
    role_refusal=ReportRoleRefused,
)


def can_delete(status: str, access: Access, college_id: int | None) -> bool:
    """Only a draft, which nobody has reviewed yet, may disappear."""
    return status == Status.DRAFT and authors(access, college_id)
