"""Who may see and change what: the one place where the portal decides.

Every view and queryset that depends on the user asks this module. The rules:

- committee staff and administrators see and manage everything;
- the party office sees everything and changes nothing (a write is 403);
- a college secretary sees and manages their own college only (another college's object is 404);
- a logged-in user without a role sees nothing but a page saying so (403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import College, Membership, Role


@dataclass(frozen=True)
class Access:
    role: str | None
    college_id: int | None = None

    @property
    def has_role(self) -> bool:
        return self.role is not None

    @property
    def sees_every_college(self) -> bool:
        return self.role in {Role.STAFF, Role.OFFICE, Role.ADMIN}

    @property
    def manages_everything(self) -> bool:
        return self.role in {Role.STAFF, Role.ADMIN}

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


def access_for(user) -> Access:
    """The user's access, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_gkw_access", None)
    if cached is not None:
        return cached
    try:
        # Usually loaded with the user by colleges.backends.PortalBackend; otherwise one query here.
        membership = user.membership
    except Membership.DoesNotExist:
        membership = None
    if membership:
        access = Access(role=membership.role, college_id=membership.college_id)
    elif user.is_superuser:
        access = Access(role=Role.ADMIN)
    else:
        access = NO_ACCESS
    user._gkw_access = access
    return access


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


def can_manage_college(user, college: College) -> bool:
    """Members and the brand project of a college: staff for every college, a secretary for their own."""
    access = access_for(user)
    return access.manages_everything or (access.is_secretary and access.college_id == college.pk)


def can_manage_everything(user) -> bool:
    """The plan, the list of colleges and the member units belong to committee staff."""
    return access_for(user).manages_everything


def get_visible_college(user, code: str) -> College:
    """The college with this code if the user may see it; 404 otherwise, so outsiders learn nothing."""
    if not slug_re.fullmatch(code or ""):
        # Codes also arrive in query strings, where anything (a NUL byte, say) may be typed.
        raise Http404
    return get_object_or_404(visible_colleges(user), code=code)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Your role may not change this."))


class RoleRequiredMixin(AccessMixin):
    """Any user with a portal role. Anonymous users are already sent to the login page by the middleware."""

    def dispatch(self, request, *args, **kwargs):
        if not access_for(request.user).has_role:
            raise PermissionDenied(_("Your account has no role in the portal yet. Please ask an administrator."))
        return super().dispatch(request, *args, **kwargs)


class ManagerRequiredMixin(RoleRequiredMixin):
    """Committee staff and administrators only."""

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            require(can_manage_everything(request.user))
        return super().dispatch(request, *args, **kwargs)
