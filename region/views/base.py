"""What every page of the region shares: its roles, and how it finds its object among what the user may see."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin

from .. import access
from ..models import Application, Assignment, Meeting, Post, Region


class RegionView(ScopedViewMixin):
    """A page of the region: open to the region's roles; a page that changes something names its predicate in
    `has_permission()`."""

    roles = access.REGION_ROLES


class LeadsRegion(RegionView):
    """The lead's pages: the scheme, rounds, results, meetings and moderation."""

    def has_permission(self) -> bool:
        return access.leads(self.access)


class ReadsEveryRegion(RegionView):
    """The round, its summary and the work report: the lead, the party office and the province."""

    def has_permission(self) -> bool:
        return access.reads_every_region(self.access)


class RegionPage(RegionView, TemplateView):
    """A read-only page of the region."""


class OnRegion:
    def get_scoped_object(self):
        return get_object_or_404(access.visible_regions(self.request.user), pk=self.kwargs["pk"])

    @property
    def region(self) -> Region:
        return self.scoped_object


class OnApplication:
    def get_scoped_object(self):
        return get_object_or_404(access.visible_applications(self.request.user), pk=self.kwargs["pk"])

    @property
    def application(self) -> Application:
        return self.scoped_object


class OnAssignment:
    def get_scoped_object(self):
        return get_object_or_404(
            access.visible_assignments(self.request.user).select_related("round"), pk=self.kwargs["pk"]
        )

    @property
    def assignment(self) -> Assignment:
        return self.scoped_object


class OnMeeting:
    def get_scoped_object(self):
        return get_object_or_404(access.visible_meetings(self.request.user), pk=self.kwargs["pk"])

    @property
    def meeting(self) -> Meeting:
        return self.scoped_object


class OnPost:
    def get_scoped_object(self):
        return get_object_or_404(access.visible_posts(self.request.user), pk=self.kwargs["pk"])

    @property
    def post_(self) -> Post:
        return self.scoped_object
