"""Who may see and do what in the committee's own work, built on colleges.access.

- Staff and administrators manage everything here; the party office reads everything and changes nothing.
- A notice or a follow-up task belongs to its recipient or owner: a college (its secretary) or a member unit (its
  contact, `Membership.member_unit`). Anyone else is told it does not exist (404).
- A member unit's contact sees only their own unit; the quality office (质控), whose assessment the plan asks to
  count the member units' support, also reads the table of every unit's rating.
- Training is the colleges' committees' matter: a member unit's contact has no page there; a secretary sees their
  own college's members and attendance.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from colleges.access import Access, access_for, reviews, scope_to_colleges, secretary_of, visible_colleges
from colleges.models import SCHOOL_ROLES, College, CommitteeMember, MemberUnit, Role
from core.errors import who_may

from .models import Notice, Receipt, ReplyFile

# The roles whose pages this app's are: the school's own, and the member units' contacts.
COMMITTEE_ROLES = SCHOOL_ROLES | {Role.UNIT_CONTACT}
# The roles of the training pages: the school's own (a member unit's contact trains no one).
TRAINING_ROLES = COMMITTEE_ROLES - {Role.UNIT_CONTACT}
# The roles of the member unit's own home.
UNIT_ROLES = frozenset({Role.UNIT_CONTACT})
# Member units (by name) that read every unit's rating beside the party office: the quality office.
ASSESSING_UNITS = frozenset({"质控"})


def is_unit_contact(access: Access) -> bool:
    """A member unit's contact, whose pages are their unit's (committee:unit_home and what it links to)."""
    return access.role == Role.UNIT_CONTACT


def unit_contact_of(access: Access, unit_id: int | None) -> bool:
    return is_unit_contact(access) and unit_id is not None and unit_id == access.member_unit_id


@who_may(_("the college's own secretary or the member unit's own contact"))
def owns(access: Access, college_id: int | None, unit_id: int | None) -> bool:
    """The recipient of a notice or the owner of a task: the college's secretary or the unit's contact."""
    if college_id is not None:
        return secretary_of(access, college_id)
    return unit_contact_of(access, unit_id)


def reads_every_notice(access: Access) -> bool:
    """Reads every notice with all its receipts (and has no receipt of their own)."""
    return access.sees_every_college


def reads_every_unit(access: Access) -> bool:
    """Reads every member unit's duties, self-report and rating."""
    return access.sees_every_college


def reads_unit(access: Access, unit_id: int | None) -> bool:
    """May read a member unit's duties, self-report and rating."""
    return reads_every_unit(access) or unit_contact_of(access, unit_id)


@who_may(_("committee staff and the member unit's own contact"))
def authors_unit(access: Access, unit_id: int | None) -> bool:
    """May write a member unit's self-report: its contact, or staff on the unit's behalf."""
    return access.manages_everything or unit_contact_of(access, unit_id)


def reads_ratings(access: Access) -> bool:
    """The table of how every member unit did: the school's readers and the quality office's contact."""
    if reads_every_unit(access):
        return True
    if not is_unit_contact(access):
        return False
    return MemberUnit.objects.filter(pk=access.member_unit_id, name__in=ASSESSING_UNITS).exists()


def manages(access: Access) -> bool:
    return reviews(access)


def visible_units(access: Access) -> QuerySet[MemberUnit]:
    """The member units whose pages the user may look for: a contact's own only (another unit is a 404 to them);
    everyone else finds every unit and is then allowed (or refused, 403) by `reads_unit`."""
    if is_unit_contact(access):
        return MemberUnit.objects.filter(pk=access.member_unit_id)
    return MemberUnit.objects.all()


def _owned(access: Access, prefix: str = "") -> Q | None:
    """The rows (receipts, tasks) that belong to this user, reached through `prefix` ("decisions__tasks__") from
    the rows filtered; None for whoever sees all of them."""
    if access.sees_every_college:
        return None
    if access.is_secretary:
        return Q(**{f"{prefix}college_id": access.college_id})
    if is_unit_contact(access) and access.member_unit_id:
        return Q(**{f"{prefix}unit_id": access.member_unit_id})
    return Q(**{f"{prefix}pk__in": []})


def scope_owned(queryset: QuerySet, user) -> QuerySet:
    """Receipts or tasks cut down to those the user may see."""
    condition = _owned(access_for(user))
    return queryset if condition is None else queryset.filter(condition)


def owned_through(user, prefix: str) -> Q:
    """A condition on the receipts or tasks reached through `prefix` from the rows filtered or counted: those the
    user may see (every one for the school's readers)."""
    condition = _owned(access_for(user), prefix)
    return Q() if condition is None else condition


def visible_notices(user) -> QuerySet:
    access = access_for(user)
    if reads_every_notice(access):
        return Notice.objects.all()
    condition = _owned(access)
    return Notice.objects.filter(pk__in=Receipt.objects.filter(condition).values("notice_id"))


def own_receipts(user) -> dict[int, Receipt]:
    """The user's own receipts by notice id; none for the school's readers, who read every notice's receipts."""
    if reads_every_notice(access_for(user)):
        return {}
    return {receipt.notice_id: receipt for receipt in scope_owned(Receipt.objects.all(), user)}


def own_receipt(user, notice: Notice) -> Receipt | None:
    """The user's own receipt of this notice (None for the school's readers)."""
    if reads_every_notice(access_for(user)):
        return None
    return scope_owned(notice.receipts.all(), user).first()


def visible_reply_files(user, notice: Notice) -> QuerySet[ReplyFile]:
    """A notice's reply files the user may open: every one for the school's readers, their own reply's otherwise."""
    return ReplyFile.objects.filter(receipt__in=scope_owned(notice.receipts.all(), user))


def training_members(user) -> QuerySet[CommitteeMember]:
    """The committee members whose training the user sees: every college's, or a secretary's own college's."""
    return scope_to_colleges(CommitteeMember.objects.select_related("college"), user)


def training_colleges(user) -> QuerySet[College]:
    """The active colleges whose attendance the user sees."""
    return visible_colleges(user).active()


def own_college(access: Access) -> College | None:
    """The secretary's own college (its training record is a button on the training list); None for others."""
    return College.objects.filter(pk=access.college_id).first() if access.is_secretary else None


def people_of(colleges: Iterable[int] = (), units: Iterable[int] = ()) -> QuerySet:
    """The active users who act for these colleges (their secretaries) and member units (their contacts): whom a
    notice, a reminder or a task is told to."""
    colleges, units = list(colleges), list(units)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(membership__role=Role.SECRETARY, membership__college_id__in=colleges)
            | Q(membership__role=Role.UNIT_CONTACT, membership__member_unit_id__in=units)
        )
    )


def template_permissions(user) -> dict[str, bool]:
    """The committee's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {
        "use_unit_pages": is_unit_contact(access),
        "read_every_notice": reads_every_notice(access),
        "read_every_unit": reads_every_unit(access),
        "read_committee_training": access.role in TRAINING_ROLES,
    }
