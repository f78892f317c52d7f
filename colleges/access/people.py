"""Who holds which role, and the people of a school: each person's roles (`memberships_of`, loaded with the
user), the one they act in now (`membership_of`, `act_as`), the active holders of a role in the school in force
(`role_holders`), the school's people (`school_people`, `of_this_school`), and the roles' prefetch for lists of
people. The questions of what a role may do are the package's (`colleges.access`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q, QuerySet

from core.scoping import CurrentSchool, current_school_id
from institutions.models import home_id

from ..models import OUTSIDE_ROLES, Membership, Role


def account_holders(actor) -> QuerySet:
    """Whose accounts `actor` keeps on the accounts page: the installation's superuser everyone's; a school's staff
    and administrators the people with a role in the school in scope (never another school's)."""
    people = get_user_model().objects.filter(is_active=True)
    if actor.is_superuser:
        return people
    return people.filter(school_people()).distinct()


# The roles for which `reviews` holds: who may review, score, and keep the plan and the scheme.
REVIEWER_ROLES = frozenset({Role.STAFF, Role.ADMIN})


def has_a_school(role: str) -> bool:
    """A role of a school's own organisation, whose `Membership` names its school; the region's and the
    province's roles are not (a region person's school is their `region.Affiliation`)."""
    return role not in OUTSIDE_ROLES


def role_holders(roles, *, college_id: int | None = None) -> QuerySet:
    """The active people holding one of `roles` (a role or several) — of the college, if given — in the school in
    force (of every school inside `every_school()`; the region's and the province's roles have no school), with
    their roles loaded. One filter, so that the role, the college and the school are the same membership's: a
    person who is staff in one school and a secretary in another is neither school's staff-secretary. Whoever hears
    of one school's event, or may be picked for its work, is that school's person, never another school's."""
    roles = sorted([roles] if isinstance(roles, str) else roles)
    lookup = {"membership__role__in": roles}
    school_id = current_school_id()
    if all(has_a_school(role) for role in roles):
        # Outside one school's scope this raises when it runs (CurrentSchool): "every staff member" is never
        # every school's.
        lookup["membership__institution_id"] = school_id or CurrentSchool()
    if college_id is not None:
        lookup["membership__college_id"] = college_id
    return with_roles(get_user_model().objects.filter(is_active=True, **lookup).distinct())


def of_this_school(person) -> bool:
    """Whether `person` is one of the people of the school in force (see `school_people`)."""
    school_id = current_school_id()
    roles = memberships_of(person)
    if not roles:
        return school_id is not None and school_id == home_id()
    return any(role.institution_id == school_id for role in roles if school_id is not None)


def school_people(school_id: int | None = None) -> Q:
    """The people of the school in force (or of `school_id`): those with a role in it, and for the home school
    those without any role (they act in the home school, colleges.schools). Like a school's query, it raises
    ScopeError when it runs outside one school's scope, so that "the school's people" never means every school's."""
    school = school_id if school_id is not None else (current_school_id() or CurrentSchool())
    people = Q(membership__institution_id=school)
    if isinstance(school, int) and school == home_id():
        people |= Q(membership__isnull=True)
    return people


def reviewer_users(users: QuerySet) -> QuerySet:
    """Those of `users` who review (committee staff and administrators, superusers included)."""
    return users.filter(Q(membership__role__in=sorted(REVIEWER_ROLES)) | Q(is_superuser=True))


def memberships_of(user) -> list[Membership]:
    """Every role the person holds, the schools' roles first; loaded with the user (colleges.backends), else one
    query here."""
    roles = getattr(user, "_gkw_memberships", None)
    if roles is None:
        roles = list(Membership.objects.filter(user_id=user.pk).order_by(*ROLE_ORDER))
        user._gkw_memberships = roles
    return roles


# The schools' roles first, in the order they were given; then the one outside the schools.
ROLE_ORDER = (F("institution").asc(nulls_last=True), "pk")


def membership_of(user) -> Membership | None:
    """The role the person acts in now: the one chosen for this request (colleges/schools.py), else their role in
    the school in scope (a message to them from a school's task), else their role outside the schools, else their
    first."""
    if hasattr(user, "_gkw_membership"):
        return user._gkw_membership
    roles = memberships_of(user)
    school_id = current_school_id()
    return (
        next((role for role in roles if school_id and role.institution_id == school_id), None)
        or next((role for role in roles if role.institution_id is None), None)
        or (roles[0] if roles else None)
    )


def roles_prefetch() -> Prefetch:
    """Each person's roles with their colleges, in the order `memberships_of` keeps, for a list of people."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("college").order_by(*ROLE_ORDER),
        to_attr="_gkw_memberships",
    )


def with_roles(users: QuerySet) -> QuerySet:
    """`users` with their roles loaded in one more query, not one per person."""
    return users.prefetch_related(roles_prefetch())


def act_as(user, membership: Membership | None) -> None:
    """The role the person acts in for this request (the middleware's choice); their access follows it."""
    user._gkw_membership = membership
    user.__dict__.pop("_gkw_access", None)
