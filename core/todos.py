"""What waits for a person, across every app: the to-do list each role's home opens with (docs/UX.md, habits 1
and 12).

Each app names, as `home_todos` on its `PortalAppConfig`, a function `(user, today) -> list[Todo]` that says what
waits for this user in the app, decided by the app's own predicates and scoped querysets, counted in a fixed number
of queries (one `bounded_counts` for the counts, and a query for each short list it shows). `todos_for` asks every
app, lower layers first, and keeps what is not empty; `{% todo_list %}` (core.templatetags.todos) renders it with
`templates/includes/todos.html`. Core imports no app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.module_loading import import_string

from .keyset import BoundedCount
from .portal import portal_apps

# The newest rows a to-do lists under its count; the count links to the rest.
LISTED = 5


@dataclass(frozen=True)
class TodoItem:
    """One of the rows a to-do lists: a record to open, with a short note (a reason, a date, a count)."""

    label: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Todo:
    """Something that waits for the person: how many, and the page where they act on it.

    `key` names it for tests and the page (`data-todo`), e.g. "activities.returned"; `label` is what the person
    reads (translated); `urgent` puts it first and marks it (returned work, a passed deadline)."""

    key: str
    label: str
    count: BoundedCount
    url: str
    note: str = ""
    urgent: bool = False
    items: tuple[TodoItem, ...] = ()


def todos_for(user, today: datetime.date) -> list[Todo]:
    """Every app's to-dos for this user that are not empty: the urgent first, then in the apps' layer order."""
    configs = sorted((config for config in portal_apps() if config.home_todos), key=lambda c: c.demo_order)
    found = [todo for config in configs for todo in import_string(config.home_todos)(user, today) if todo.count]
    return sorted(found, key=lambda todo: not todo.urgent)
