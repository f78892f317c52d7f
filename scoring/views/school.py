"""The school's standing: N of M colleges balanced against the year's target, a page of colleges at a time."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import RedirectView, TemplateView

from colleges.access import RoleRequiredMixin, ScopedViewMixin, reads_every_college, reviews, visible_colleges
from colleges.forms import CollegeSearchForm
from core.views import page_of

from .. import standing
from ..models import Scheme
from ..progress import balanced_share_goal

COLLEGES_PER_PAGE = 30


class LatestView(RoleRequiredMixin, RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        scheme = Scheme.objects.first()
        if scheme is None:
            raise Http404
        return reverse("scoring:school", args=[scheme.year])


class SchemeMixin(ScopedViewMixin):
    @cached_property
    def scheme(self):
        return get_object_or_404(Scheme, year=self.kwargs["year"])

    def get_scoped_object(self):
        return self.scheme


def deadline_context(scheme) -> dict:
    """The year's self-assessment deadline and the whole days left until it (negative once passed)."""
    deadline = scheme.self_assessment_deadline
    return {"deadline": deadline, "days_left": (deadline - timezone.localdate()).days if deadline else None}


class SchoolView(SchemeMixin, TemplateView):
    """N of M colleges balanced against the year's target, and where each college falls short."""

    template_name = "scoring/school.html"

    def get(self, request, *args, **kwargs):
        if not reads_every_college(self.access):
            # A secretary's scoring page is their own college's assessment.
            return redirect("scoring:assessment", self.scheme.year, visible_colleges(request.user).get().code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The figures are one aggregate over the year; the table is a page of colleges (a province has
        # thousands), narrowed by the search.
        search = CollegeSearchForm(self.request.GET)
        assessments = search.filter(standing.school_assessments(self.scheme), college="college__")
        page, querystring = page_of(self.request, assessments, COLLEGES_PER_PAGE)
        return super().get_context_data(
            scheme=self.scheme,
            status=standing.school_figures(self.scheme),
            standings=standing.standings_of(self.scheme, page.object_list),
            page_obj=page,
            querystring=querystring,
            search=search,
            target=balanced_share_goal(self.scheme.year),
            can_manage=reviews(self.access),
            **deadline_context(self.scheme),
            **kwargs,
        )
