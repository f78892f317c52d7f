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
from core.workflow import Transition

from .models import Action, Status

TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(
        frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, authors, False, by_editors=True
    ),
    Action.APPROVE: Transition(frozenset({Status.SUBMITTED}), Status.APPROVED, reviews, False),
    Action.RETURN: Transition(frozenset({Status.SUBMITTED}), Status.RETURNED, reviews, True),
    Action.REOPEN: Transition(frozenset({Status.APPROVED}), Status.RETURNED, reviews, True),
    # Until a reviewer acts, the college may take a submission back (a missing photo, a wrong date).
    Action.WITHDRAW: Transition(frozenset({Status.SUBMITTED}), Status.DRAFT, authors, False),
}


# Who may change a report's content and evidence in each editable status.
# A returned report is corrected by its college: staff who returned it must not also be the ones who correct it.
EDITORS = {Status.DRAFT: authors, Status.RETURNED: secretary_of}
EDITABLE_STATUSES = frozenset(EDITORS)


def may_ever(action: str, access: Access, college_id: int | None) -> bool:
    """Whether this user may take the action on this college's reports in some status (else: 403, not a message)."""
    rule = TRANSITIONS.get(action)
    return rule is not None and rule.allowed(access, college_id)


def can_transition(action: str, status: str, access: Access, college_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return (
        rule is not None
        and status in rule.sources
        and rule.allowed(access, college_id)
        and (not rule.by_editors or can_edit(status, access, college_id))
    )


def next_status(action: str) -> str:
    return TRANSITIONS[action].target


def needs_comment(action: str) -> bool:
    return TRANSITIONS[action].needs_comment


def can_edit(status: str, access: Access, college_id: int | None) -> bool:
    """Content and evidence change only while the report is with its college: as a draft (its authors) or after a
    return (the college's own secretary alone, so that a reviewer cannot correct and resubmit what they returned)."""
    editors = EDITORS.get(status)
    return editors is not None and editors(access, college_id)


def can_delete(status: str, access: Access, college_id: int | None) -> bool:
    """Only a draft, which nobody has reviewed yet, may disappear."""
    return status == Status.DRAFT and authors(access, college_id)


def available_actions(status: str, access: Access, college_id: int | None) -> list[str]:
    return [action for action in TRANSITIONS if can_transition(action, status, access, college_id)]
