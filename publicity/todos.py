"""What waits for a person in publicity (core.todos).

- Staff: news items submitted for publication, and award nominations to decide.
- A college's correspondent: their college's news items returned to them (with the reason), and drafts not yet
  submitted.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.keyset import BoundedCount, bounded_counts
from core.todos import LISTED, Todo, TodoItem

from .access import decides_nominations, is_correspondent_of, scope_news
from .models import NewsItem, NewsStatus, Nomination, NominationStatus


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if decides_nominations(access):
        return staff_todos()
    if is_correspondent_of(access, access.college_id):
        return correspondent_todos(access)
    return []


def _news_list(status: str) -> str:
    return f"{reverse('publicity:news_list')}?status={status}"


def staff_todos() -> list[Todo]:
    """News waiting to be published (staff publish or return it) and nominations waiting for the decision."""
    waiting = NewsItem.objects.filter(status=NewsStatus.SUBMITTED)
    count = bounded_counts(news=waiting)["news"]
    # Nominations are a few dozen a year: one aggregate gives their number and the newest year they wait in.
    nominations = Nomination.objects.filter(status=NominationStatus.PROPOSED).aggregate(
        n=Count("pk"), year=Max("year")
    )
    todos = [
        Todo("publicity.publish", _("News items waiting to be published"), count, _news_list(NewsStatus.SUBMITTED))
    ]
    if nominations["n"]:
        todos.append(
            Todo(
                "publicity.nominations",
                _("Award nominations to decide"),
                BoundedCount(nominations["n"]),
                reverse("publicity:nominations", args=[nominations["year"]]),
            )
        )
    return todos


def correspondent_todos(access) -> list[Todo]:
    """A correspondent's own college's news items that are theirs to act on: returned ones and drafts."""
    items = scope_news(NewsItem.objects.all(), access)
    returned, drafts = items.filter(status=NewsStatus.RETURNED), items.filter(status=NewsStatus.DRAFT)
    counts = bounded_counts(returned=returned, drafts=drafts)
    todos = []
    if counts["returned"]:
        rows = returned.only("pk", "title", "return_reason").order_by("-updated_at", "-pk")[:LISTED]
        todos.append(
            Todo(
                "publicity.returned",
                _("News items returned to you"),
                counts["returned"],
                _news_list(NewsStatus.RETURNED),
                urgent=True,
                items=tuple(
                    TodoItem(row.title, row.get_absolute_url(), Truncator(row.return_reason).chars(120), urgent=True)
                    for row in rows
                ),
            )
        )
    todos.append(Todo("publicity.drafts", _("News drafts to submit"), counts["drafts"], _news_list(NewsStatus.DRAFT)))
    return todos
