"""The news workflow as one table: who may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──publish──▶ published
      ▲                 │  ▲                   │
      │              return  submit            retract (staff, with a reason)
      │                 ▼  │                   │
      └──────────── returned ◀─────────────────┘

A college's correspondent (or staff) writes and submits; staff edit a submitted item and publish or return it.
"""

from __future__ import annotations

from colleges.access import Access, reviews
from core.workflow import Transition

from .access import writes_news
from .models import NewsAction, NewsStatus

TRANSITIONS: dict[str, Transition] = {
    NewsAction.SUBMIT: Transition(
        frozenset({NewsStatus.DRAFT, NewsStatus.RETURNED}), NewsStatus.SUBMITTED, writes_news, False, by_editors=True
    ),
    NewsAction.PUBLISH: Transition(frozenset({NewsStatus.SUBMITTED}), NewsStatus.PUBLISHED, reviews, False),
    NewsAction.RETURN: Transition(frozenset({NewsStatus.SUBMITTED}), NewsStatus.RETURNED, reviews, True),
    NewsAction.RETRACT: Transition(frozenset({NewsStatus.PUBLISHED}), NewsStatus.RETURNED, reviews, True),
}

# Who may change an item's title, text and photos in each status: the writers while it is with the college,
# staff while it waits for publication.
EDITORS = {NewsStatus.DRAFT: writes_news, NewsStatus.RETURNED: writes_news, NewsStatus.SUBMITTED: reviews}
EDITABLE_STATUSES = frozenset(EDITORS)


def may_ever(action: str, access: Access, college_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return rule is not None and rule.allowed(access, college_id)


def can_edit(status: str, access: Access, college_id: int | None) -> bool:
    editors = EDITORS.get(status)
    return editors is not None and editors(access, college_id)


def can_transition(action: str, status: str, access: Access, college_id: int | None) -> bool:
    rule = TRANSITIONS.get(action)
    return (
        rule is not None
        and status in rule.sources
        and rule.allowed(access, college_id)
        and (not rule.by_editors or can_edit(status, access, college_id))
    )


def available_actions(status: str, access: Access, college_id: int | None) -> list[str]:
    return [action for action in TRANSITIONS if can_transition(action, status, access, college_id)]
