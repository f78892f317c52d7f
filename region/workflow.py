"""The application (申报) workflow as one table: who may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──start review──▶ under review ──record result──▶ reviewed ──publish──▶ published
                        │  ▲
                   return  resubmit (the school completes what was missing)
                        ▼  │
                      returned

Predicates are region.access's, asked with the user and the application (a school is not a college).
"""

from __future__ import annotations

from colleges.access import access_for
from core.workflow import Transition

from . import access
from .models import Action, Status


def _school(user, application) -> bool:
    return access.writes_application(user, application)


def _lead(user, application) -> bool:
    return access.leads(access_for(user))


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, _school, False),
    Action.RETURN: Transition(frozenset({Status.SUBMITTED}), Status.RETURNED, _lead, True),
    Action.START_REVIEW: Transition(frozenset({Status.SUBMITTED}), Status.UNDER_REVIEW, _lead, False),
    Action.RECORD_RESULT: Transition(frozenset({Status.UNDER_REVIEW, Status.REVIEWED}), Status.REVIEWED, _lead, False),
    Action.PUBLISH: Transition(frozenset({Status.REVIEWED}), Status.PUBLISHED, _lead, False),
}
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# The actions offered as buttons on the application page (the others happen through the round's pages).
BUTTON_ACTIONS = (Action.SUBMIT, Action.RETURN, Action.PUBLISH)


def can_transition(action: str, status: str, user, application) -> bool:
    rule = TRANSITIONS.get(action)
    return rule is not None and status in rule.sources and rule.allowed(user, application)


def can_edit(user, application) -> bool:
    return application.status in EDITABLE_STATUSES and access.writes_application(user, application)


def available_actions(user, application) -> list[str]:
    return [a for a in BUTTON_ACTIONS if can_transition(a, application.status, user, application)]
