"""Who writes and who reads the monthly bulletin: the one place.

- committee staff (and administrators) draft, edit and publish it;
- once published, every school role reads it: the party office and the colleges' secretaries, to whom it is sent;
- a draft is staff's own: anyone else meets a 404, as for a row they may not see.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from colleges.access import Access, access_for, role_holders
from colleges.models import SCHOOL_ROLES, Role
from core.errors import who_may

BULLETIN_ROLES = SCHOOL_ROLES


@who_may(pgettext_lazy("role", "committee staff"))
def writes_bulletins(access: Access) -> bool:
    return access.manages_everything


def scope_bulletins(queryset: QuerySet, user) -> QuerySet:
    """Every bulletin for staff; the published ones for the school's other roles; none for anyone else."""
    access = access_for(user)
    if writes_bulletins(access):
        return queryset
    if access.role in BULLETIN_ROLES:
        return queryset.filter(status="published")
    return queryset.none()


def told_of_bulletin() -> QuerySet:
    """Who hears of a published bulletin: the party office and every college's secretary."""
    return role_holders([Role.OFFICE, Role.SECRETARY])


def template_permissions(user) -> dict[str, bool]:
    access = access_for(user)
    return {"write_bulletins": writes_bulletins(access), "read_bulletins": access.role in BULLETIN_ROLES}
