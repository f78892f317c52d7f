"""Who may see and do what in the committee's own work, built on colleges.access.

- Staff and administrators manage everything here; the party office reads everything and changes nothing.
- A notice or a follow-up task belongs to its recipient or owner: a college (its secretary) or a member unit (its
  contact, `Membership.member_unit`). Anyone else is told it does not exist (404).
- A member unit's contact sees only their own unit; the quality office (质控), whose assessment the plan asks to
  count the member units' support, also reads the table of every unit's rating.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from colleges.access import Access, access_for, reviews, secretary_of
from colleges.models import SCHOOL_ROLES, MemberUnit, Role

from .models import Notice, Receipt

# The roles whose pages this app's are: the school's own, and the member units' contacts.
COMMITTEE_ROLES = SCHOOL_ROLES | {Role.UNIT_CONTACT}
# Member units (by name) that read every unit's rating beside the party office: the quality office.
ASSESSING_UNITS = frozenset({"质控"})


def unit_contact_of(access: Access, unit_id: int | None) -> bool:
    return access.role == Role.UNIT_CONTACT and unit_id is not None and unit_id == access.member_unit_id


def owns(access: Access, college_id: int | None, unit_id: int | None) -> bool:
    """The recipient of a notice or the owner of a task: the college's secretary or the unit's contact."""
    if college_id is not None:
        return secretary_of(access, college_id)
    return unit_contact_of(access, unit_id)


def reads_unit(access: Access, unit_id: int | None) -> bool:
    """May read a member unit's duties, self-report and rating."""
    return access.sees_every_college or unit_contact_of(access, unit_id)


def authors_unit(access: Access, unit_id: int | None) -> bool:
    """May write a member unit's self-report: its contact, or staff on the unit's behalf."""
    return access.manages_everything or unit_contact_of(access, unit_id)


def reads_ratings(access: Access) -> bool:
    """The table of how every member unit did: the school's readers and the quality office's contact."""
    if access.sees_every_college:
        return True
    if access.role != Role.UNIT_CONTACT:
        return False
    return MemberUnit.objects.filter(pk=access.member_unit_id, name__in=ASSESSING_UNITS).exists()


def manages(access: Access) -> bool:
    return reviews(access)


def _owned(access: Access) -> Q | None:
    """The rows (receipts, tasks) that belong to this user; None for whoever sees all of them."""
    if access.sees_every_college:
        return None
    if access.is_secretary:
        return Q(college_id=access.college_id)
    if access.role == Role.UNIT_CONTACT and access.member_unit_id:
        return Q(unit_id=access.member_unit_id)
    return Q(pk__in=[])


def scope_owned(queryset: QuerySet, user) -> QuerySet:
    """Receipts or tasks cut down to those the user may see."""
    condition = _owned(access_for(user))
    return queryset if condition is None else queryset.filter(condition)


def visible_notices(user) -> QuerySet:
    access = access_for(user)
    if access.sees_every_college:
        return Notice.objects.all()
    condition = _owned(access)
    return Notice.objects.filter(pk__in=Receipt.objects.filter(condition).values("notice_id"))


def template_permissions(user) -> dict[str, bool]:
    """The committee's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {
        "use_unit_pages": access.role == Role.UNIT_CONTACT,
        "manage_committee": manages(access),
    }
