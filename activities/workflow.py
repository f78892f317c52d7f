"""The report workflow as one rule: which role may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──approve──▶ approved
                        │  ▲                    │
                   return  submit (corrected)   reopen (staff, with a reason)
                        ▼  │                    │
                      returned ◀────────────────┘

Which college a user may act on is decided by colleges.access; this module knows roles and statuses only.
"""

from __future__ import annotations

from colleges.models import Role

from .models import Action, Status

REVIEWERS = frozenset({Role.STAFF, Role.ADMIN})
AUTHORS = frozenset({Role.SECRETARY, Role.STAFF, Role.ADMIN})

# action: (statuses it may start from, status it leads to, roles that may take it, needs a comment)
TRANSITIONS: dict[str, tuple[frozenset[str], str, frozenset[str], bool]] = {
    Action.SUBMIT: (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, AUTHORS, False),
    Action.APPROVE: (frozenset({Status.SUBMITTED}), Status.APPROVED, REVIEWERS, False),
    Action.RETURN: (frozenset({Status.SUBMITTED}), Status.RETURNED, REVIEWERS, True),
    Action.REOPEN: (frozenset({Status.APPROVED}), Status.RETURNED, REVIEWERS, True),
}
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


def can_transition(action: str, status: str, role: str | None) -> bool:
    rule = TRANSITIONS.get(action)
    return rule is not None and status in rule[0] and role in rule[2]


def next_status(action: str) -> str:
    return TRANSITIONS[action][1]


def needs_comment(action: str) -> bool:
    return TRANSITIONS[action][3]


def can_edit(status: str, role: str | None) -> bool:
    """Content and evidence change only while the report is with its college: as a draft or after a return."""
    return status in EDITABLE_STATUSES and role in AUTHORS


def can_delete(status: str, role: str | None) -> bool:
    """Only a draft, which nobody has reviewed yet, may disappear."""
    return status == Status.DRAFT and role in AUTHORS


def available_actions(status: str, role: str | None) -> list[str]:
    return [action for action in TRANSITIONS if can_transition(action, status, role)]
