"""Who may see and change what: the one place where the portal decides.

Every view, service and queryset that depends on the user asks this module. The rules:

- committee staff and administrators see and manage everything;
- the party office sees everything and changes nothing (a write is 403);
- a college secretary sees and manages their own college only (another college's object is 404);
- a logged-in user without a role sees nothing but a page saying so (403).

The questions are named predicates over an `Access` (the user's role and college) and a college id:
`reads`, `authors`, `secretary_of` and `reviews`. Workflow tables (activities.workflow, scoring.workflow) name
the predicate that allows each action; the user-level helpers (`can_author`, `can_review` …) and
the querysets (`visible_colleges`, `scope_to_colleges`) are built on the same predicates. Views take one mixin,
`ScopedViewMixin`, whose hooks run in a fixed order: a role, then the object among what the user may see (404),
then the view's own action (403), then the object's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic.edit import FormMixin

from core.errors import role_sentence, who_may, who_of
from core.portal import home_page

from ..models import SCHOOL_ROLES, College, Role

# Who holds which role (colleges/access/people.py), asked through this package like every other question.
from .people import (
    REVIEWER_ROLES,
    ROLE_ORDER,
    account_holders,
    act_as,
    has_a_school,
    membership_of,
    memberships_of,
    of_this_school,
    reviewer_users,
    role_holders,
    roles_prefetch,
    school_people,
    with_roles,
)

# The methods that only ask to see something.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    role: str | None
    college_id: int | None = None
    member_unit_id: int | None = None

    @property
    def has_role(self) -> bool:
        return self.role is not None

    @property
    def in_school(self) -> bool:
        """One of the school's own roles, whose pages are the annual loop's (plan, reports, scoring, dashboard)."""
        return self.role in SCHOOL_ROLES

    @property
    def sees_every_college(self) -> bool:
        return self.role in {Role.STAFF, Role.OFFICE, Role.ADMIN}

    @property
    def manages_everything(self) -> bool:
        return self.role in REVIEWER_ROLES

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.OFFICE

    @property
    def is_secretary(self) -> bool:
        return self.role == Role.SECRETARY

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


NO_ACCESS = Access(role=None)


def reads(access: Access, college_id: int | None) -> bool:
    """May read the college's records: whoever sees every college, and the college's own secretary."""
    return access.sees_every_college or (access.is_secretary and college_id == access.college_id)


@who_may(_("committee staff and the college's own secretary"))
def authors(access: Access, college_id: int | None) -> bool:
    """May write the college's own records (reports, members, brand project, self-assessment)."""
    return access.manages_everything or (access.is_secretary and college_id == access.college_id)


@who_may(_("the college's own secretary"))
def secretary_of(access: Access, college_id: int | None) -> bool:
    """The college's own secretary, and nobody else: who corrects what the committee returned to a college."""
    return access.is_secretary and college_id is not None and college_id == access.college_id


@who_may(pgettext_lazy("role", "committee staff"))
def reviews(access: Access, college_id: int | None = None) -> bool:
    """May review what colleges submit, score them, and keep the plan, the colleges and the scheme."""
    return access.manages_everything


def reads_every_college(access: Access) -> bool:
    """Reads the whole school at once (staff, the office, administrators): every college's records and the
    school-wide figures."""
    return access.sees_every_college


# The roles that read a school's dashboard: the school's own, and the province's officers, who read the school they
# chose (colleges.schools) without changing anything there.
DASHBOARD_ROLES = frozenset({*SCHOOL_ROLES, Role.PROVINCE})


def reads_school_dashboard(access: Access) -> bool:
    """Reads the school's dashboard and every college's figures on it: whoever reads every college, and the
    province's officers (read-only; the school is the one they chose)."""
    return access.sees_every_college or access.role == Role.PROVINCE


def dashboard_colleges(user) -> QuerySet[College]:
    """The colleges whose dashboards the user may read: those they see, and every college of the chosen school for
    the province's officers."""
    if access_for(user).role == Role.PROVINCE:
        return College.objects.all()
    return visible_colleges(user)


def uses_school_pages(access: Access) -> bool:
    """One of the school's own roles, whose pages are the annual loop's (plan, reports, scoring, dashboard); the
    other roles have their own app's pages."""
    return access.in_school


def reads_without_changing(access: Access) -> bool:
    """Reads every college and changes nothing (the party office): its home is the dashboard."""
    return access.is_read_only


def acts_for_own_college(access: Access) -> bool:
    """Works for one college of the school (its secretary): their pages are their own college's."""
    return access.is_secretary


def home_view_name(access: Access) -> str | None:
    """The URL name of the page a role's home is, when an app owns it (`AppConfig.home_pages`); None for the
    school's roles, whose home is the portal's root."""
    return home_page(access.role)


def makes_password_link(actor_access: Access, actor, person) -> bool:
    """Who may make a one-time password link for `person`: the installation's superusers for anyone; a school's
    administrator for anyone of their school; staff for their school's colleagues and secretaries, never for someone
    who outranks staff. Nobody of one school for a person of another (issue 27)."""
    if actor.is_superuser:
        return True
    if not of_this_school(person):
        return False
    if actor_access.role == Role.ADMIN:
        return True
    outranks_staff = person.is_superuser or person.is_staff or access_for(person).role == Role.ADMIN
    return reviews(actor_access) and not outranks_staff


def chooses_any_school(user, membership) -> bool:
    """Reads whichever school they choose: the installation's superusers and the province's officers."""
    return user.is_superuser or (membership is not None and membership.role == Role.PROVINCE)


def access_for(user) -> Access:
    """The user's access, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_gkw_access", None)
    if cached is not None:
        return cached
    membership = membership_of(user)
    if membership:
        access = Access(
            role=membership.role, college_id=membership.college_id, member_unit_id=membership.member_unit_id
        )
    elif user.is_superuser:
        access = Access(role=Role.ADMIN)
    else:
        access = NO_ACCESS
    user._gkw_access = access
    return access


def can_author(user, college: College) -> bool:
    return authors(access_for(user), college.pk)


def can_review(user) -> bool:
    return reviews(access_for(user))


def can_manage_everything(user) -> bool:
    """The plan, the list of colleges, the member units and the scheme belong to committee staff."""
    return reviews(access_for(user))


def visible_colleges(user) -> QuerySet[College]:
    access = access_for(user)
    if access.sees_every_college:
        return College.objects.all()
    if access.is_secretary:
        return College.objects.filter(pk=access.college_id)
    return College.objects.none()


def scope_to_colleges(queryset: QuerySet, user, college_field: str = "college") -> QuerySet:
    """Any queryset of things that belong to a college, cut down to the colleges the user may see."""
    access = access_for(user)
    if access.sees_every_college:
        return queryset
    if access.is_secretary:
        return queryset.filter(**{f"{college_field}_id": access.college_id})
    return queryset.none()


def get_visible_college(user, code: str) -> College:
    """The college with this code if the user may see it; 404 otherwise, so outsiders learn nothing."""
    if not slug_re.fullmatch(code or ""):
        # Codes also arrive in query strings, where anything (a NUL byte, say) may be typed.
        raise Http404
    return get_object_or_404(visible_colleges(user), code=code)


def college_for_page(request, colleges: QuerySet[College]) -> College | None:
    """The college a page writes for, among `colleges` (those the user may write for there): the one named by
    `?college=<code>` (any other is a 404), else the user's only one, else None (staff have not chosen yet)."""
    code = request.GET.get("college")
    if code:
        if not slug_re.fullmatch(code):  # codes arrive in query strings, where anything may be typed
            raise Http404
        return get_object_or_404(colleges, code=code)
    first_two = list(colleges[:2])
    return first_two[0] if len(first_two) == 1 else None


def require(allowed: bool, predicate=None) -> None:
    """A 403 unless `allowed`, saying who `predicate` (the access predicate asked) lets through."""
    if not allowed:
        raise PermissionDenied(role_sentence(who_of(predicate) if predicate else None))


class ScopedViewMixin:
    """Every page of the portal. dispatch() runs the hooks in a fixed order:

    1. the user has a role (403 otherwise; anonymous visitors were sent to log in by the middleware);
    2. `get_scoped_object()` finds the page's object among what the user may see (it raises Http404);
    3. `has_permission()` decides whether the user may do what this page does (403 otherwise, saying that the role
       may not change this on a page that changes something and that it may not see this page on one that only
       shows something: `refusal_message()`);
    4. `state_problem()` names a reason the object's state forbids the page (shown, then back to the object, or
       to `state_problem_url()`).

    A page about a college's object is therefore a 404 for an outsider before any role is weighed, and a 403
    for a read-only role that may see it. `roles` names the roles whose pages these are: the school's own by
    default; an app for another role (a region's reviewer, an elder) names its roles.
    """

    roles = SCHOOL_ROLES
    # Who may do what the page does, in words, for the 403 of anyone else (core.errors.role_sentence).
    who_may = ""

    def get_scoped_object(self):
        return None

    def has_permission(self) -> bool:
        return True

    def state_problem(self) -> str | None:
        return None

    def state_problem_url(self):
        """Where a page whose object's state forbids it sends the user: the object's page by default."""
        return self.scoped_object

    def changes_something(self) -> bool:
        """Whether this request asks to change something: any POST, a form page (its GET shows the form), a
        button (POST only). A page that only shows something (a list, a record, a download) does not."""
        return (
            self.request.method not in SAFE_METHODS
            or isinstance(self, FormMixin)
            or "get" not in self.http_method_names
        )

    def refusal_message(self) -> str:
        """The 403's words: a read-only role on a page that only shows something is not told it may not change it."""
        if self.changes_something():
            return role_sentence(str(self.who_may) if self.who_may else None)  # names who may
        return _("Your role may not see this page.")

    def dispatch(self, request, *args, **kwargs):
        self.access = access_for(request.user)
        if not self.access.has_role:
            raise PermissionDenied(_("Your account has no role in the portal yet. Please ask an administrator."))
        if self.access.role not in self.roles:
            raise PermissionDenied(_("This page is not part of your role in the portal."))
        self.scoped_object = self.get_scoped_object()
        if not self.has_permission():
            raise PermissionDenied(self.refusal_message())
        problem = self.state_problem()
        if problem:
            messages.error(request, problem)
            return redirect(self.state_problem_url())
        return super().dispatch(request, *args, **kwargs)


# Any user with a portal role.
RoleRequiredMixin = ScopedViewMixin


class ManagerRequiredMixin(ScopedViewMixin):
    """Committee staff and administrators only."""

    who_may = reviews.who

    def has_permission(self) -> bool:
        return reviews(self.access)


class EveryCollegeReaderMixin(ScopedViewMixin):
    """School-wide pages: whoever sees every college (staff, the office, administrators)."""

    def has_permission(self) -> bool:
        return reads_every_college(self.access)


def template_permissions(user) -> dict[str, bool]:
    """The school's predicates that templates ask as `can.<name>` (core.portal): the navigation and the shared
    partials decide through these, never by a role's name."""
    access = access_for(user)
    return {
        "have_role": access.has_role,
        "use_school_pages": uses_school_pages(access),
        "read_every_college": reads_every_college(access),
        "read_school_dashboard": reads_school_dashboard(access),
        "read_without_changing": reads_without_changing(access),
        "manage_school": reviews(access),
        "act_for_own_college": acts_for_own_college(access),
        # Django's admin site is for administrators only (Django's own flag decides, as the admin does).
        "administer_site": bool(getattr(user, "is_staff", False)),
    }
