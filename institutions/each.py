"""Periodic work that is each school's own (issue 27): a reminder, a digest, a purge by the school's settings.

Celery beat starts such a task with no scope; `in_each_school` runs it once per school inside that school's scope,
so that each school's people hear of their own school's rows only, and a school's setting (a retention period)
applies to its own rows."""

from __future__ import annotations

import functools

from core.scoping import every_school, school_scope

from .models import Institution


def school_ids() -> list[int]:
    with every_school():  # the schools themselves are no school's data
        return list(Institution.objects.order_by("pk").values_list("pk", flat=True))


def in_each_school(task):
    """Run `task` (returning a count) once in each school's scope; returns the sum."""

    @functools.wraps(task)
    def run(*args, **kwargs):
        total = 0
        for school_id in school_ids():
            with school_scope(school_id):
                total += task(*args, **kwargs)
        return total

    return run
