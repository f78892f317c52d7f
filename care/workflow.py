"""The pair workflow as one table: who may take which action from which status, and where it leads.

    proposed ──confirm──▶ active ──close (outcome, feedback)──▶ closed
        │
        └──cancel──▶ cancelled          (the need is open again)

A need follows its pair: open while it has no live pair or only a proposed one, matched once a pair is confirmed,
closed with its pair. Staff confirm any college's matches; the college may confirm its own.
"""

from __future__ import annotations

from activities.models import Action as ReportAction
from activities.models import Status as ReportStatus
from colleges.access import Access
from core.errors import Refused, RoleRefused
from core.workflow import Transition, Workflow

from .access import care_authors, confirms_logs, logs_as_elder, of_college
from .models import LogStatus, NeedStatus, PairStatus


class CareError(Refused):
    """A care action was refused; the message says why, in the user's language."""


class CareRoleRefused(RoleRefused, CareError):
    """Refused for the person's role, saying who may (core.errors); still a CareError."""


CONFIRM, CANCEL, CLOSE = "confirm", "cancel", "close"

# Asked with (access, the need's college id).
WORKFLOW = Workflow(
    {
        CONFIRM: Transition(frozenset({PairStatus.PROPOSED}), PairStatus.ACTIVE, care_authors, False),
        CANCEL: Transition(frozenset({PairStatus.PROPOSED}), PairStatus.CANCELLED, care_authors, False),
        CLOSE: Transition(frozenset({PairStatus.ACTIVE}), PairStatus.CLOSED, care_authors, True),
    },
    role_refusal=CareRoleRefused,
)

# The month's care report is an activity report the college's care people file (README: counsellors file it): who
# may add its photos and submit it is the care board's rule, on the activity report's statuses (activities.workflow,
# whose services take this table). As there, a returned report is corrected by the college's own people, not by the
# staff who returned it; approving and returning stay the report workflow's, for staff.
MONTH_REPORT = Workflow(
    {
        ReportAction.SUBMIT: Transition(
            frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED}),
            ReportStatus.SUBMITTED,
            care_authors,
            False,
            by_editors=True,
        ),
    },
    editors={ReportStatus.DRAFT: care_authors, ReportStatus.RETURNED: of_college},
    role_refusal=CareRoleRefused,
)

# What the need becomes when its pair takes each action.
NEED_AFTER = {CONFIRM: NeedStatus.MATCHED, CANCEL: NeedStatus.OPEN, CLOSE: NeedStatus.CLOSED}
LIVE_PAIR_STATUSES = frozenset({PairStatus.PROPOSED, PairStatus.ACTIVE})


# What an elder logs on their own page (a talk, a session, a mentoring meeting), as one table:
#
#     pending ──confirm──▶ confirmed          (now it counts in the figures)
#        │  ▲
#   return │  └──resend (corrected by the elder)
#        ▼  │
#     returned (with the reason, shown to the elder)
#
# Asked with (access, the record's college id); the elder's own record is found among their own pairs.
CONFIRM_LOG, RETURN_LOG, RESEND_LOG = "confirm", "return", "resend"
LOG_WORKFLOW = Workflow(
    {
        CONFIRM_LOG: Transition(frozenset({LogStatus.PENDING}), LogStatus.CONFIRMED, confirms_logs, False),
        RETURN_LOG: Transition(frozenset({LogStatus.PENDING}), LogStatus.RETURNED, confirms_logs, True),
        RESEND_LOG: Transition(frozenset({LogStatus.RETURNED}), LogStatus.PENDING, logs_as_elder, False),
    },
    buttons=[CONFIRM_LOG, RETURN_LOG],
)


def can_propose(need_status: str, access: Access, college_id: int | None) -> bool:
    return need_status == NeedStatus.OPEN and care_authors(access, college_id)


def can_log_session(pair_status: str, access: Access, college_id: int | None) -> bool:
    return pair_status == PairStatus.ACTIVE and care_authors(access, college_id)


def elder_can_log_session(pair_status: str, access: Access) -> bool:
    """The elder logs a talk or session of their own pair while it is active."""
    return pair_status == PairStatus.ACTIVE and logs_as_elder(access)


def elder_can_log_meeting(evaluated: bool, access: Access) -> bool:
    """The elder logs a meeting of their own mentoring pair until it is evaluated for the year."""
    return not evaluated and logs_as_elder(access)


def can_edit_need(need_status: str, access: Access, college_id: int | None) -> bool:
    """A need is edited by its college (or staff) until it is closed."""
    return need_status != NeedStatus.CLOSED and care_authors(access, college_id)
