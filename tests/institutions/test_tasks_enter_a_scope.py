"""A worker has no school until a task enters one: every periodic task and every build runs outside any scope here
and must enter one itself (core.scoping), or it would raise ScopeError in production while passing the tests that
call it inside the test's school scope."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.utils.module_loading import import_string
from django_scopes.state import state

from core.scoping import ScopeError
from dashboard import tasks as dashboard_tasks

pytestmark = pytest.mark.django_db


@contextmanager
def outside_any_scope():
    token = state.set({})
    try:
        yield
    finally:
        state.reset(token)


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_periodic_task_enters_a_scope(entry, users, report):
    task = import_string(settings.CELERY_BEAT_SCHEDULE[entry]["task"])
    with outside_any_scope():
        try:
            task.run()
        except ScopeError as error:  # pragma: no cover - the failure's message
            pytest.fail(f"{entry} ran a query outside any school's scope: {error}")


def test_a_build_runs_in_its_jobs_school(users, report, monkeypatch):
    monkeypatch.setattr(dashboard_tasks, "enqueue", lambda job_id: None)
    export, _outcome = dashboard_tasks.request_export(2022, "xlsx", users["staff"])
    with outside_any_scope():
        dashboard_tasks.build_annual_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.state == "done", export.error
