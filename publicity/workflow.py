"""The news workflow as one table: who may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──publish──▶ published
      ▲                 │  ▲                   │
      │              return  submit            retract (staff, with a reason)
      │                 ▼  │                   │
      └──────────── returned ◀─────────────────┘

A college's correspondent (or staff) writes and submits; staff edit a submitted item and publish or return it.
"""

from __future__ import annotations

from colleges.access import reviews
from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .access import writes_news
from .models import NewsAction, NewsStatus


class PublicityError(Refused):
    """A publicity write was refused; the message says why, in the user's language."""


class PublicityRoleRefused(RoleRefused, PublicityError):
    """Refused for the person's role, saying who may (core.errors); still a PublicityError."""


# Each predicate is asked with (access, college_id). The editors may change an item's title, text and photos in
# each status: the writers while it is with the college, staff while it waits for publication.
WORKFLOW = Workflow(
    {
        NewsAction.SUBMIT: Transition(
            frozenset({NewsStatus.DRAFT, NewsStatus.RETURNED}),
            NewsStatus.SUBMITTED,
            writes_news,
            False,
            by_editors=True,
        ),
        NewsAction.PUBLISH: Transition(frozenset({NewsStatus.SUBMITTED}), NewsStatus.PUBLISHED, reviews, False),
        NewsAction.RETURN: Transition(frozenset({NewsStatus.SUBMITTED}), NewsStatus.RETURNED, reviews, True),
        NewsAction.RETRACT: Transition(frozenset({NewsStatus.PUBLISHED}), NewsStatus.RETURNED, reviews, True),
    },
    editors={NewsStatus.DRAFT: writes_news, NewsStatus.RETURNED: writes_news, NewsStatus.SUBMITTED: reviews},
    role_refusal=PublicityRoleRefused,
)
