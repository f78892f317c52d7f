"""A member unit's self-report of the year as one rule.

    draft ──submit──▶ submitted ──rate──▶ rated ──rate (again)──▶ rated
      ▲                  │
      └──── returned ◀───┘ return (staff, with a reason); submit again from returned

The unit's contact (or staff on its behalf) writes and submits; staff return or rate; the office never acts.
"""

from __future__ import annotations

from colleges.access import reviews
from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .access import authors_unit
from .models import UnitReport
from .models import UnitReportStatus as S


class CommitteeError(Refused):
    """The write was refused; the message says why, in the user's language."""


class CommitteeRoleRefused(RoleRefused, CommitteeError):
    """Refused for the person's role, saying who may (core.errors); still a CommitteeError."""


WORKFLOW = Workflow(
    {
        "submit": Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, authors_unit, False, by_editors=True),
        "return": Transition(frozenset({S.SUBMITTED, S.RATED}), S.RETURNED, reviews, True),
        "rate": Transition(frozenset({S.SUBMITTED, S.RATED}), S.RATED, reviews, False),
    },
    # The text and evidence change while the report is with the unit (a draft, or returned).
    editors={S.DRAFT: authors_unit, S.RETURNED: authors_unit},
    # Actions taken from the unit's page with the transition form; a rating has its own form.
    buttons=("submit", "return"),
    role_refusal=CommitteeRoleRefused,
)


def status_of(report: UnitReport | None) -> str:
    """A self-report not written yet is a draft to be: its unit may write it."""
    return report.status if report is not None else S.DRAFT
