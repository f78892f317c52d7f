"""Who may do what with 整改 items, built on colleges.access:

- the college's own secretary writes its items' plans, notes their progress and submits them for acceptance;
- committee staff (and administrators) create items from a final assessment, accept or return them;
- the party office reads every college's items and changes nothing;
- another college's item is a 404 (`scope_items`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.access import Access, access_for, reads, reads_every_college, reviews, scope_to_colleges, secretary_of
from core.errors import who_may


@who_may(_("the college's own secretary"))
def plans_for(access: Access, college_id: int | None) -> bool:
    """Writes the college's plan and its progress: the college's own secretary, nobody else."""
    return secretary_of(access, college_id)


@who_may(pgettext_lazy("role", "committee staff"))
def creates_items(access: Access) -> bool:
    return reviews(access)


@who_may(pgettext_lazy("role", "committee staff"))
def accepts(access: Access, college_id: int | None = None) -> bool:
    return reviews(access)


def reads_items(access: Access, college_id: int | None) -> bool:
    """Reads a college's items: whoever reads its records (staff, the office, its own secretary)."""
    return reads(access, college_id)


def reads_every_item(access: Access) -> bool:
    return reads_every_college(access)


def lists_items(access: Access) -> bool:
    """Has a list of items: whoever reads every college, and a college's secretary (their own)."""
    return reads_every_college(access) or (access.is_secretary and access.college_id is not None)


def scope_items(queryset: QuerySet, user) -> QuerySet:
    """Items of the colleges the user may see: every college for staff and the office, their own for a secretary."""
    return scope_to_colleges(queryset, user)


def template_permissions(user) -> dict[str, bool]:
    access = access_for(user)
    return {"read_rectification": lists_items(access)}
