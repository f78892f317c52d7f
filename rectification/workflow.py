"""The 整改 workflow as one table, like activities.workflow.

    open (待制定方案) ──plan──▶ planned ──progress──▶ in progress ──submit──▶ submitted ──accept──▶ accepted
                                                        ▲                      │
                                                        └──return (a reason)───┘

The college's own secretary writes the plan (and changes it until it is handed in), notes progress and submits;
committee staff accept or return. Who may act is one of rectification.access's predicates, asked with the item's
college.
"""

from __future__ import annotations

from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .access import accepts, plans_for
from .models import ItemStatus

PLAN, PROGRESS, SUBMIT, ACCEPT, RETURN = "plan", "progress", "submit", "accept", "return"


class RectificationError(Refused):
    """A write to a rectification item was refused; the message says why, in the user's language."""


class RectificationRoleRefused(RoleRefused, RectificationError):
    """Refused for the person's role, saying who may (core.errors); still a RectificationError."""


WORKING = frozenset({ItemStatus.PLANNED, ItemStatus.IN_PROGRESS})

WORKFLOW = Workflow(
    {
        PLAN: Transition(frozenset({ItemStatus.OPEN}), ItemStatus.PLANNED, plans_for, False),
        PROGRESS: Transition(WORKING, ItemStatus.IN_PROGRESS, plans_for, False),
        SUBMIT: Transition(frozenset({ItemStatus.IN_PROGRESS}), ItemStatus.SUBMITTED, plans_for, False),
        ACCEPT: Transition(frozenset({ItemStatus.SUBMITTED}), ItemStatus.ACCEPTED, accepts, False),
        RETURN: Transition(frozenset({ItemStatus.SUBMITTED}), ItemStatus.IN_PROGRESS, accepts, True),
    },
    # The plan is the college's until it is handed in for acceptance.
    editors={ItemStatus.OPEN: plans_for, ItemStatus.PLANNED: plans_for, ItemStatus.IN_PROGRESS: plans_for},
    buttons=(SUBMIT, ACCEPT, RETURN),
    role_refusal=RectificationRoleRefused,
)
