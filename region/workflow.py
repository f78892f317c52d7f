"""The application (申报) workflow as one table: who may take which action from which status, and where it leads.

    draft ──submit──▶ submitted ──start review──▶ under review ──record result──▶ reviewed ──publish──▶ published
                        │  ▲
                   return  resubmit (the school completes what was missing)
                        ▼  │
                      returned

Predicates are region.access's, asked with the user and the application (a school is not a college).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from colleges.access import access_for
from core.errors import Refused, RoleRefused, who_may
from core.workflow import Transition, Workflow

from . import access
from .models import Action, Status


class RegionError(Refused):
    """The region refused the action; the message says why, in the user's language."""


class RegionRoleRefused(RoleRefused, RegionError):
    """Refused for the person's role, saying who may (core.errors); still a RegionError."""


@who_may(_("the school's own region contact"))
def _school(user, application) -> bool:
    return access.writes_application(user, application)


@who_may(_("committee staff, who lead the region"))
def _lead(user, application) -> bool:
    return access.leads(access_for(user))


WORKFLOW = Workflow(
    {
        Action.SUBMIT: Transition(frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, _school, False),
        Action.RETURN: Transition(frozenset({Status.SUBMITTED}), Status.RETURNED, _lead, True),
        Action.START_REVIEW: Transition(frozenset({Status.SUBMITTED}), Status.UNDER_REVIEW, _lead, False),
        Action.RECORD_RESULT: Transition(
            frozenset({Status.UNDER_REVIEW, Status.REVIEWED}), Status.REVIEWED, _lead, False
        ),
        Action.PUBLISH: Transition(frozenset({Status.REVIEWED}), Status.PUBLISHED, _lead, False),
    },
    editors={Status.DRAFT: _school, Status.RETURNED: _school},
    # The actions offered as buttons on the application page (the others happen through the round's pages).
    buttons=(Action.SUBMIT, Action.RETURN, Action.PUBLISH),
    role_refusal=RegionRoleRefused,
)
