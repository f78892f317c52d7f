"""A member unit's self-report of the year as one rule.

    draft ──submit──▶ submitted ──rate──▶ rated ──rate (again)──▶ rated
      ▲                  │
      └──── returned ◀───┘ return (staff, with a reason); submit again from returned

The unit's contact (or staff on its behalf) writes and submits; staff return or rate; the office never acts.
"""

from __future__ import annotations

from colleges.access import Access, reviews
from core.workflow import Transition

from .access import authors_unit
from .models import UnitReportStatus as S

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, authors_unit, False, by_editors=True),
    "return": Transition(frozenset({S.SUBMITTED, S.RATED}), S.RETURNED, reviews, True),
    "rate": Transition(frozenset({S.SUBMITTED, S.RATED}), S.RATED, reviews, False),
}

EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED})
# Actions taken from the unit's page with the transition form; a rating has its own form.
FORM_ACTIONS = ("submit", "return")


def can_edit(status: str | None, access: Access, unit_id: int | None) -> bool:
    """The text and evidence change while the report is with the unit (not yet started, a draft, or returned)."""
    return (status is None or status in EDITABLE_STATUSES) and authors_unit(access, unit_id)


def may_ever(action: str, access: Access, unit_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return rule is not None and rule.allowed(access, unit_id)


def can_transition(action: str, status: str | None, access: Access, unit_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return (
        rule is not None
        and status in rule.sources
        and rule.allowed(access, unit_id)
        and (not rule.by_editors or can_edit(status, access, unit_id))
    )


def available_actions(status: str | None, access: Access, unit_id: int | None) -> list[str]:
    return [action for action in FORM_ACTIONS if can_transition(action, status, access, unit_id)]
