"""Who may do what with publicity: built on colleges.access's Access, one place per question.

- A college's correspondent writes news of their own college (from its approved reports), and reads it;
  the college's secretary reads their college's news; staff write, edit and publish every college's; the
  office reads everything and changes nothing.
- Public notices, talks, the archive and the decision on nominations are staff's (the office reads them); a
  secretary proposes nominations for their own college.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Evidence, EvidenceKind
from activities.models import Status as ReportStatus
from colleges.access import Access, access_for, reviews, visible_colleges
from colleges.models import SCHOOL_ROLES, Role
from core.errors import who_may

from .models import Nomination

# Who may open the publicity pages at all: the school's roles and the colleges' correspondents.
PUBLICITY_ROLES = frozenset(SCHOOL_ROLES | {Role.CORRESPONDENT})
# Who is told that a news item waits for publication, and whose college's writers hear what staff decided.
PUBLISHERS = Role.STAFF
NEWS_WRITERS = Role.CORRESPONDENT


def is_correspondent_of(access: Access, college_id: int | None) -> bool:
    return access.role == Role.CORRESPONDENT and college_id is not None and college_id == access.college_id


@who_may(_("committee staff and the college's own publicity correspondent"))
def writes_news(access: Access, college_id: int | None) -> bool:
    """May write a college's news items (from its approved reports): its correspondent, and staff."""
    return access.manages_everything or is_correspondent_of(access, college_id)


def writes_some_news(access: Access) -> bool:
    """May write news for some college: may choose among approved reports and start an item."""
    return access.manages_everything or access.role == Role.CORRESPONDENT


def reads_news(access: Access, college_id: int | None) -> bool:
    """May read a college's news items in every state: writers, the office, and the college's secretary."""
    if access.sees_every_college:
        return True
    return access.role in {Role.SECRETARY, Role.CORRESPONDENT} and college_id == access.college_id


def reads_public_pages(access: Access) -> bool:
    """May open the lists of public notices and talks: whoever sees every college (the office only reads)."""
    return access.sees_every_college


@who_may(pgettext_lazy("role", "committee staff"))
def edits_public_pages(access: Access) -> bool:
    """May write, edit and publish public notices and talks: staff."""
    return reviews(access)


def sees_awards(access: Access) -> bool:
    """May open the year's award nominations: the school's roles (a secretary sees their college's)."""
    return access.in_school


def proposes_for(access: Access, college_id: int | None) -> bool:
    """May nominate for a year-end award: staff for any college, a secretary for their own."""
    return access.manages_everything or (access.is_secretary and college_id == access.college_id)


@who_may(pgettext_lazy("role", "committee staff"))
def decides_nominations(access: Access) -> bool:
    """May approve or decline a nomination: the committee's staff."""
    return reviews(access)


def sees_archive(access: Access) -> bool:
    """May open the year's archive page: whoever sees every college."""
    return access.sees_every_college


def scope_news(queryset: QuerySet, access: Access, college_field: str = "college") -> QuerySet:
    """The rows of the colleges whose news (or approved reports, for a writer) this user may see."""
    if access.sees_every_college:
        return queryset
    if access.role in {Role.SECRETARY, Role.CORRESPONDENT}:
        return queryset.filter(**{f"{college_field}_id": access.college_id})
    return queryset.none()


def visible_report_photos(access: Access) -> QuerySet[Evidence]:
    """The photos of approved reports of the colleges whose news this user may see (a news item's candidates)."""
    photos = Evidence.objects.filter(kind=EvidenceKind.PHOTO, report__status=ReportStatus.APPROVED)
    return scope_news(photos, access, "report__college")


def visible_nominations(user) -> QuerySet[Nomination]:
    """The nominations of the colleges the user may see (a secretary: their college's)."""
    return Nomination.objects.filter(college__in=visible_colleges(user))


def template_permissions(user) -> dict[str, bool]:
    """The online committee's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {
        "write_some_news": writes_some_news(access),
        "read_public_pages": reads_public_pages(access),
        "edit_public_pages": edits_public_pages(access),
        "see_awards": sees_awards(access),
        "propose_nominations": proposes_for(access, access.college_id),
        "decide_nominations": decides_nominations(access),
        "see_archive": sees_archive(access),
    }


__all__ = [
    "NEWS_WRITERS",
    "PUBLICITY_ROLES",
    "PUBLISHERS",
    "decides_nominations",
    "edits_public_pages",
    "is_correspondent_of",
    "proposes_for",
    "reads_news",
    "reads_public_pages",
    "reviews",
    "scope_news",
    "sees_archive",
    "sees_awards",
    "template_permissions",
    "visible_nominations",
    "visible_report_photos",
    "writes_news",
    "writes_some_news",
]
