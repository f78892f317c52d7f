"""Who may see and do what on the care board, built on colleges.access.

- committee staff and administrators see and manage everything (confirm any match, keep the outside comrades);
- the party office reads everything except confidential notes, and changes nothing;
- a college's secretary and counsellors post their college's needs, propose and confirm matches for them, log
  care work, keep their members' offers and their programmes; another college's record is a 404;
- confidential notes of a sensitive need: staff (and administrators) and the need's own college only;
- an elder sees their own page (`care:mine`): their own pairs and mentoring pairs, where they log their own talks,
  sessions and meetings; what they log waits for the college's confirmation (a secretary or counsellor of the
  college, or staff: `confirms_logs`) and counts in the figures only once confirmed. Another elder's pair is a
  404; nothing else of the board is theirs.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from colleges.access import Access, access_for, authors, of_this_school
from colleges.models import College, Role
from core.errors import who_may
from notifications.services import users_with_role

# The roles whose pages the care board's are (ScopedViewMixin.roles); the elder has their own page only.
CARE_ROLES = {Role.STAFF, Role.OFFICE, Role.SECRETARY, Role.ADMIN, Role.COUNSELLOR}
ELDER_ROLES = {Role.ELDER}
CARE_COLLEGE_ROLES = {Role.SECRETARY, Role.COUNSELLOR}


@who_may(_("the college's own secretary and counsellors"))
def of_college(access: Access, college_id: int | None) -> bool:
    return access.role in CARE_COLLEGE_ROLES and college_id is not None and college_id == access.college_id


def care_reads(access: Access, college_id: int | None) -> bool:
    """May read the college's needs, pairs and care records (not the confidential notes)."""
    return access.sees_every_college or of_college(access, college_id)


@who_may(_("committee staff and the college's own secretary and counsellors"))
def care_authors(access: Access, college_id: int | None) -> bool:
    """May post needs, propose, confirm and close matches and log care work for the college."""
    return access.manages_everything or of_college(access, college_id)


@who_may(_("committee staff and the college's own secretary"))
def links_month_report(access: Access, college_id: int | None) -> bool:
    """May link an approved month's report as evidence in the college's self-assessment: whoever keeps that
    self-assessment (staff and the college's secretary), not its counsellors, who file the month's report."""
    return authors(access, college_id)


def writes_every_college(access: Access) -> bool:
    """May write for any college, choosing it first (and make the school-wide programmes): staff."""
    return access.manages_everything


def reads_every_college(access: Access) -> bool:
    """Reads the care board of every college (staff and the office), so may filter it by college."""
    return access.sees_every_college


def counted_college(access: Access) -> int | None:
    """The college whose elders a reader's figures count: none (every college) for a reader of every college,
    else their own."""
    return None if reads_every_college(access) else access.college_id


def may_post(access: Access) -> bool:
    """May write for some college on the care board (post needs, add offers, programmes, material help): staff for
    any college, a secretary or counsellor for their own; the office never."""
    return care_authors(access, access.college_id)


@who_may(_("committee staff and the need's own college"))
def reads_notes(access: Access, college_id: int | None) -> bool:
    """May read a sensitive need's confidential notes: staff and the need's own college (not the office)."""
    return access.manages_everything or of_college(access, college_id)


@who_may(_("the member's college, or committee staff for a comrade from outside the school"))
def keeps_offer(access: Access, college_id: int | None) -> bool:
    """An offer of a college's member is kept by the college; an outside comrade's (no college) by staff."""
    return access.manages_everything or (college_id is not None and of_college(access, college_id))


@who_may(_("the elder of the pair"))
def logs_as_elder(access: Access, college_id: int | None = None) -> bool:
    """Logs their own talks, sessions and meetings, which wait for the college's confirmation: an elder (the
    pair is theirs because it is found among `scope_own_pairs`)."""
    return access.role in ELDER_ROLES


def owns_offer(user, offer) -> bool:
    """The offer is the elder's own: their account is linked on it (what they may log for)."""
    return logs_as_elder(access_for(user)) and offer.user_id is not None and offer.user_id == user.pk


@who_may(_("committee staff and the college's own secretary and counsellors"))
def confirms_logs(access: Access, college_id: int | None) -> bool:
    """May confirm or return what an elder logged for the college: who writes the college's care records (its
    secretary and counsellors, staff); for a school-wide programme (no college), staff."""
    return care_authors(access, college_id)


def scope_own_pairs(queryset: QuerySet, user, offer_field: str = "offer") -> QuerySet:
    """Pairs (or mentoring pairs, or what hangs on them through `offer_field`) of the elder's own offer: another
    elder's is not found."""
    if not logs_as_elder(access_for(user)):
        return queryset.none()
    return queryset.filter(**{f"{offer_field}__user": user})


def is_elder(access: Access) -> bool:
    """An elder, whose one page is their own pairs and sessions (care:mine)."""
    return access.role in ELDER_ROLES


def reads_log(access: Access) -> bool:
    return access.manages_everything


def elder_accounts() -> QuerySet:
    """The active portal accounts of elders: who an offer may be linked to (the elder's own page)."""
    return of_this_school(get_user_model().objects.filter(membership__role=Role.ELDER, is_active=True))


def committee_staff() -> QuerySet:
    """The committee staff's active accounts."""
    return of_this_school(get_user_model().objects.filter(membership__role=Role.STAFF, is_active=True))


def pair_contacts(offer) -> QuerySet:
    """Who hears of the elder's confirmed pair: their college's secretary, or committee staff for a comrade from
    outside the school."""
    if offer.college_id is None:
        return users_with_role(Role.STAFF)
    return users_with_role(Role.SECRETARY, offer.college)


def log_confirmers(college_id: int | None) -> QuerySet:
    """Who hears that an elder logged something for the college to confirm: its secretary and counsellors, or
    committee staff for a school-wide programme."""
    users = of_this_school(get_user_model().objects.filter(is_active=True).select_related("membership__college"))
    if college_id is None:
        return users.filter(membership__role=Role.STAFF)
    return users.filter(membership__role__in=sorted(CARE_COLLEGE_ROLES), membership__college_id=college_id)


def scope(queryset: QuerySet, user, college_field: str = "college") -> QuerySet:
    """Any care queryset cut down to the colleges the user may see."""
    access = access_for(user)
    if access.sees_every_college:
        return queryset
    if access.role in CARE_COLLEGE_ROLES:
        return queryset.filter(**{f"{college_field}_id": access.college_id})
    return queryset.none()


def care_colleges(user) -> QuerySet[College]:
    """The colleges the user may write care records for or read them of: colleges.access.visible_colleges, with
    the counsellors (who have care pages) as well as the secretary."""
    access = access_for(user)
    if access.sees_every_college:
        return College.objects.all()
    if access.role in CARE_COLLEGE_ROLES:
        return College.objects.filter(pk=access.college_id)
    return College.objects.none()


def scope_programmes(queryset: QuerySet, user) -> QuerySet:
    """Programmes: school-wide ones are read by every care role, a college's own by that college."""
    access = access_for(user)
    if access.sees_every_college:
        return queryset
    if access.role in CARE_COLLEGE_ROLES:
        return queryset.filter(Q(college__isnull=True) | Q(college_id=access.college_id))
    return queryset.none()


def scope_offers(queryset: QuerySet, user) -> QuerySet:
    """The resources menu is read across the school (a college may be matched with any elder)."""
    access = access_for(user)
    return queryset if access.role in CARE_ROLES else queryset.none()


def template_permissions(user) -> dict[str, bool]:
    """The care board's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {
        "post_care": may_post(access),
        "read_care_log": reads_log(access),
        "filter_care_by_college": reads_every_college(access),
        "confirm_elder_logs": confirms_logs(access, access.college_id),
    }
