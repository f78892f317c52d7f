"""On-site visits (实地考察): the lead plans one per application under review and records its findings; the
visitors, the school's contacts, the lead school's committee and the province read it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import FormPage

from .. import access, services
from ..forms import FindingsForm, VisitForm
from ..models import ReviewRound, Visit
from .base import LeadsRegion, OnApplication, RegionPage


class OnVisit:
    def get_scoped_object(self):
        return get_object_or_404(access.visible_visits(self.request.user), pk=self.kwargs["pk"])

    @property
    def visit(self) -> Visit:
        return self.scoped_object


class VisitPlanView(OnApplication, LeadsRegion, FormPage):
    """Plan the school's visit, or change the one planned (its version claimed)."""

    @cached_property
    def review_round(self) -> ReviewRound:
        round_ = ReviewRound.objects.filter(region_id=self.application.region_id).select_related("region").first()
        if round_ is None:
            raise Http404
        return round_

    @cached_property
    def visit(self) -> Visit | None:
        return Visit.objects.filter(application=self.application).prefetch_related("visitors").first()

    @property
    def creates(self) -> bool:
        return self.visit is None

    def get_page_title(self):
        return _("On-site visit to %(school)s") % {"school": self.application.institution.name}

    def get_form(self, form_class=None):
        return super().get_form(VisitForm)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"choices": services.visitor_choices(self.review_round, self.application)}

    def get_initial(self):
        if self.visit is None:
            return {}
        return {
            "version": self.visit.version,
            "visit_on": self.visit.visit_on,
            "visitors": list(self.visit.visitors.all()),
            "agenda": self.visit.agenda,
        }

    def get_cancel_url(self):
        return self.application.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        if self.visit is None:
            return services.plan_visit(
                self.application, self.request.user, data["visit_on"], data["visitors"], data["agenda"]
            )
        return services.change_visit(
            self.visit, self.request.user, data["version"], data["visit_on"], data["visitors"], data["agenda"]
        )

    def get_success_message(self) -> str:
        return _("The on-site visit is saved; the visitors and the school are told.")


class VisitFindingsView(OnVisit, LeadsRegion, FormPage):
    form_class = FindingsForm
    creates = False  # the visit's findings, whose version stops a second sending
    success_message = gettext_lazy("The visit's findings are recorded.")

    def get_page_title(self):
        return _("Findings of the visit to %(school)s") % {"school": self.visit.application.institution.name}

    def get_initial(self):
        return {"version": self.visit.version, "findings": self.visit.findings}

    def get_cancel_url(self):
        return self.visit.get_absolute_url()

    def perform(self, form):
        return services.record_findings(
            self.visit, self.request.user, form.cleaned_data["version"], form.cleaned_data["findings"]
        )


class VisitView(OnVisit, RegionPage):
    template_name = "region/visit.html"

    def get_context_data(self, **kwargs):
        visit = self.visit
        return super().get_context_data(
            visit=visit,
            region=visit.application.region,
            visitors=list(visit.visitors.select_related("affiliation__institution")),
            sees_findings=access.sees_findings(self.request.user, visit),
            plans=access.plans_visits(self.request.user, visit.round),
            changes=visit.changes.select_related("actor"),
            **kwargs,
        )
