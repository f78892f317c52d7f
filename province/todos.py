"""What waits for the province's officers in the overview (core.todos): nothing they must act on, since they only
read; the home still opens with the list, which says so, and every app's to-dos for them join it there."""

from __future__ import annotations

import datetime

from core.todos import Todo


def home_todos(user, today: datetime.date) -> list[Todo]:
    return []
