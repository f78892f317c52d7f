"""The shape of every workflow table in the portal (reports, assessments, pairs, news, applications …).

A table maps each action to a `Transition`; `Workflow` answers the questions every app asks of its table
(may this user take this action now, which buttons to offer), so no app writes them again. The predicates it
names are the app's access predicates, called with the same arguments the app passes in (`subject`): usually
`(access, college_id)`, or `(user, application)` in the region.

A service asks in a fixed order, so that a refusal names its real reason (core.errors): `require_role(action, …)`
or `require_editor(…)` first (a person who may never do it hears who may), then the version, then `can` /
`can_edit` for the state, with the app's own sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .errors import RoleRefused, who_of


@dataclass(frozen=True)
class Transition:
    """An action: the statuses it may start from, the status it leads to, the access predicate that allows it
    (one of the app's access predicates, asked with the object's subject), and whether it needs a reason."""

    sources: frozenset[str]
    target: str
    allowed: Callable[..., bool]
    needs_comment: bool
    # Taken only by whoever may edit the object in its current status (a report is resubmitted by the people
    # who write it, not by the staff who returned it).
    by_editors: bool = False


class Workflow:
    """One app's transition table with its questions.

    `editors` maps each editable status to the predicate that says who may edit in it; `buttons` lists the
    actions offered on the object's page when the others happen elsewhere (all of them by default);
    `role_refusal` is the app's own RoleRefused (one that is also the app's error, so that `except CareError`
    still holds)."""

    def __init__(
        self,
        transitions: Mapping[str, Transition],
        *,
        editors: Mapping[str, Callable[..., bool]] | None = None,
        buttons: Iterable[str] | None = None,
        role_refusal: type[RoleRefused] = RoleRefused,
    ) -> None:
        self.transitions = dict(transitions)
        self.role_refusal = role_refusal
        self.editors = dict(editors or {})
        self.buttons = tuple(self.transitions if buttons is None else buttons)

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def __contains__(self, action: str) -> bool:
        return action in self.transitions

    @property
    def editable_statuses(self) -> frozenset[str]:
        return frozenset(self.editors)

    def may_ever(self, action: str, *subject) -> bool:
        """Whether the action is the user's in some status (else the page is a 403, not a message)."""
        rule = self.transitions.get(action)
        return rule is not None and rule.allowed(*subject)

    def edits_ever(self, *subject) -> bool:
        """Whether the user edits the object in some status (else an edit is refused for the role)."""
        return any(editors(*subject) for editors in self.editors.values())

    def require_role(self, action: str, *subject, status: str | None = None) -> None:
        """Refuse an action the user may take in no status, saying who may (RoleRefused); given the object's
        `status`, also one that its status leaves to other editors (a returned report is its secretary's). What
        remains is the state's, asked next."""
        rule = self.transitions[action]
        if not rule.allowed(*subject):
            raise self.role_refusal.naming(who_of(rule.allowed))
        if rule.by_editors:
            self.require_editor(*subject, status=status if status in rule.sources else None)

    def require_editor(self, *subject, status: str | None = None) -> None:
        """Refuse an edit by a user who edits the object in no status, naming the first editable status's editors
        (the widest: those who write a draft); given the object's `status`, also an edit that status leaves to
        others, naming them."""
        if not self.edits_ever(*subject):
            first = next(iter(self.editors.values()), None)
            raise self.role_refusal.naming(who_of(first) if first else None)
        editors = self.editors.get(status)
        if editors is not None and not editors(*subject):
            raise self.role_refusal.naming(who_of(editors))

    def can_edit(self, status: str, *subject) -> bool:
        editors = self.editors.get(status)
        return editors is not None and editors(*subject)

    def can(self, action: str, status: str, *subject) -> bool:
        """Whether the user may take the action on an object in this status now."""
        rule = self.transitions.get(action)
        return (
            rule is not None
            and status in rule.sources
            and rule.allowed(*subject)
            and (not rule.by_editors or self.can_edit(status, *subject))
        )

    def available(self, status: str, *subject) -> list[str]:
        """The actions to offer as buttons, in the table's order."""
        return [action for action in self.buttons if self.can(action, status, *subject)]

    def target(self, action: str) -> str:
        return self.transitions[action].target

    def needs_comment(self, action: str) -> bool:
        return self.transitions[action].needs_comment
