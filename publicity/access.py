"""Who may do what with publicity: built on colleges.access's Access, one place per question.

- A college's correspondent writes news of their own college (from its approved reports), and reads it;
  the college's secretary reads their college's news; staff write, edit and publish every college's; the
  office reads everything and changes nothing.
- Public notices, talks, the archive and the decision on nominations are staff's; a secretary proposes
  nominations for their own college.
"""

from __future__ import annotations

from django.db.models import QuerySet

from colleges.access import Access, access_for, reviews
from colleges.models import SCHOOL_ROLES, Role

# Who may open the publicity pages at all: the school's roles and the colleges' correspondents.
PUBLICITY_ROLES = frozenset(SCHOOL_ROLES | {Role.CORRESPONDENT})


def is_correspondent_of(access: Access, college_id: int | None) -> bool:
    return access.role == Role.CORRESPONDENT and college_id is not None and college_id == access.college_id


def writes_news(access: Access, college_id: int | None) -> bool:
    """May write a college's news items (from its approved reports): its correspondent, and staff."""
    return access.manages_everything or is_correspondent_of(access, college_id)


def reads_news(access: Access, college_id: int | None) -> bool:
    """May read a college's news items in every state: writers, the office, and the college's secretary."""
    if access.sees_every_college:
        return True
    return access.role in {Role.SECRETARY, Role.CORRESPONDENT} and college_id == access.college_id


def proposes_for(access: Access, college_id: int | None) -> bool:
    """May nominate for a year-end award: staff for any college, a secretary for their own."""
    return access.manages_everything or (access.is_secretary and college_id == access.college_id)


def scope_news(queryset: QuerySet, access: Access, college_field: str = "college") -> QuerySet:
    """The rows of the colleges whose news (or approved reports, for a writer) this user may see."""
    if access.sees_every_college:
        return queryset
    if access.role in {Role.SECRETARY, Role.CORRESPONDENT}:
        return queryset.filter(**{f"{college_field}_id": access.college_id})
    return queryset.none()


def template_permissions(user) -> dict[str, bool]:
    """The online committee's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {"write_some_news": access.role == Role.CORRESPONDENT or access.manages_everything}


__all__ = [
    "PUBLICITY_ROLES",
    "is_correspondent_of",
    "proposes_for",
    "reads_news",
    "reviews",
    "scope_news",
    "template_permissions",
    "writes_news",
]
