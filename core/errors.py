"""The one error a domain raises when it refuses an action, and the refusal for who the person is.

Every app's error (`WorkflowError`, `CareError`, `RegionError` …) extends `Refused`, so the shared form page and
action view (core.views) turn any refusal into a form error or a message without knowing the app.

A refusal names its real reason, asked in this order: the person's role (`RoleRefused`, saying who may), then the
version they acted on (core.versions.StaleWrite), then the record's state (the app's own sentence). A person who may
never take an action is told so, never that the record is in the wrong state."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _


class Refused(Exception):
    """The action was refused; `message` says why, already in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def role_sentence(who: str | None) -> str:
    """What a person whose role may not do something is told: who may, when the check knows it."""
    if not who:
        return _("Your role may not change this.")
    return _("Your role may not do this; only %(who)s may.") % {"who": who}


class RoleRefused(Refused):
    """Refused for the person's role, whatever the record's state; the message says who may. An app's own role
    refusal extends both this and the app's error (`class CareRoleRefused(RoleRefused, CareError)`)."""

    @classmethod
    def naming(cls, who: str | None) -> RoleRefused:
        return cls(role_sentence(who))

    @classmethod
    def unless(cls, allowed: bool, predicate: Callable | None = None) -> None:
        """Raise, naming who `predicate` lets through, unless `allowed` (its answer for this person)."""
        if not allowed:
            raise cls.naming(who_of(predicate) if predicate else None)


def who_may(description) -> Callable:
    """Mark an access predicate with the people it lets through, in words (a lazy translation, "committee staff or
    the college's own secretary"), so that a refusal by it says who may (`RoleRefused.naming`, core.workflow)."""

    def mark(predicate: Callable) -> Callable:
        predicate.who = description
        return predicate

    return mark


def who_of(predicate: Callable) -> str | None:
    """The words `who_may` gave the predicate, in the user's language (None for a predicate without them)."""
    who = getattr(predicate, "who", None)
    return str(who) if who else None
