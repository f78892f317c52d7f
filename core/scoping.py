"""The school a query reads: one per request, task and command, entered explicitly (issue 27).

It lives in core, below every app, because the job stack enters scopes too.

Every model holding a school's data has a `school_manager` as its default manager. Inside `school_scope(school)`
its querysets read that school's rows only (filtered along the model's `path_to_school`); inside `every_school()`
they read the whole installation, for the few who must (a sweep over every school's builds, the demo loader, the
region's and the province's views across their schools, migrations' checks); outside both a query raises
`ScopeError`, so a forgotten scope fails loudly in a test instead of mixing two schools' rows in production.

The state is django-scopes' (a context variable; written by pretix's authors for exactly this). The manager is our
own, on top of it: django-scopes' manager refuses a queryset made outside a scope at once, and Django makes some
when a module is imported (a ModelForm's choices, a form's class-level `queryset=`), long before a request enters
its school. Ours binds such a queryset to "the school in force when it runs" (`CurrentSchool`, read when the SQL
is compiled), so it serves each request its own school and still raises `ScopeError` when run outside one. Our
managers also keep their custom querysets (`College.objects.active()`), and a school's scope is one dimension with
one value, never "no filter" (django-scopes reads a value of None as "every row").
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import models
from django_scopes import get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

__all__ = ["ScopeError", "current_school_id", "every_school", "school_manager", "school_scope"]

DIMENSION = "school"
# A scope for a request that belongs to no school: it reads no school's rows (the filter matches nothing).
NO_SCHOOL = 0


@contextmanager
def school_scope(school):
    """Read and write one school's rows: `school` is an Institution or its id."""
    school_id = getattr(school, "pk", school)
    with scope(**{DIMENSION: school_id if school_id is not None else NO_SCHOOL}):
        yield


def every_school():
    """Read every school's rows: only where the caller's purpose is the whole installation, said at the call."""
    return scopes_disabled()


def current_school_id() -> int | None:
    """The school of the scope in force; None inside `every_school()`, outside any scope, or for no school."""
    current = get_scope()
    if not current.get("_enabled", True):
        return None
    return current.get(DIMENSION) or None


def in_a_scope() -> bool:
    current = get_scope()
    return not current.get("_enabled", True) or DIMENSION in current


class CurrentSchool(models.Expression):
    """The id of the school in force when the query runs (compiled), for a queryset made outside any scope."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection):
        current = get_scope()
        if not current.get("_enabled", True) or DIMENSION not in current:
            raise ScopeError(
                f"A query of {compiler.query.model._meta.label} ran outside a school's scope: enter "
                "core.scoping.school_scope(school) (or every_school() where the whole installation is meant)."
            )
        return "%s", [current[DIMENSION]]


def school_manager(path: str, queryset_class: type[models.QuerySet] = models.QuerySet) -> models.Manager:
    """The default manager of a model holding school data, reaching its school along `path` (the model's
    `institutions.tenancy.path_to_school`, which tests/institutions/test_scoped_managers.py checks)."""

    class SchoolManager(models.Manager.from_queryset(queryset_class)):
        school_path = path

        def get_queryset(self):
            rows = super().get_queryset()
            current = get_scope()
            if not current.get("_enabled", True):
                return rows
            # Always the school in force when the query runs, never the one when it was made: a form's class-level
            # queryset made while a module was first imported inside a request's scope would otherwise serve that
            # school's rows to every later request of every school (issue 27: the meeting form's colleges did).
            return rows.filter(**{path: CurrentSchool()})

    SchoolManager.__name__ = SchoolManager.__qualname__ = f"SchoolManagerFrom{queryset_class.__name__}"
    return SchoolManager()
