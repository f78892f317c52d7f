"""What every care write shares: the error it refuses with, the role check, the history line, the check that no
text identifies a person, and the year's settings."""

from __future__ import annotations

import importlib

from core.identity import identity_problem
from institutions.tenancy import school_id_of

from ..models import CareEvent, CareYear, NeedCategory
from ..workflow import CareError, CareRoleRefused


def require(allowed: bool, predicate=None) -> None:
    """Refuse for the role unless `allowed`, naming who `predicate` (the access predicate asked) lets through."""
    CareRoleRefused.unless(allowed, predicate)


def ensure_default_categories() -> None:
    """The default categories (a migration creates them; tests that empty the tables put them back)."""
    # The list belongs to the migration, which must not change with the app; its module's name begins with a
    # digit, so only import_module can reach it.
    defaults = importlib.import_module("care.migrations.0002_default_categories").DEFAULT_CATEGORIES
    for order, (code, name, sensitive, for_teachers) in enumerate(defaults, start=1):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sensitive": sensitive, "for_teachers": for_teachers, "order": order}
        )


def settings_of(year: int) -> CareYear:
    """The year's care settings, or the defaults (unsaved) when staff have set none."""
    return CareYear.objects.filter(year=year).first() or CareYear(year=year)


def record_event(actor, action, *, need=None, pair=None, mentorship=None, comment="") -> None:
    subject = need or pair or mentorship
    CareEvent.objects.create(
        institution_id=school_id_of(subject),
        actor=actor,
        action=action,
        need=need,
        pair=pair,
        mentorship=mentorship,
        comment=comment[:300],
    )


def check_text(*texts: str) -> None:
    """Refuse any text that holds an ID or a phone number (core.identity): the forms refuse them first, and this
    keeps every other way in (a command, the shell, a later page) to the same rule."""
    for text in texts:
        problem = identity_problem(text)
        if problem:
            raise CareError(problem)
