"""The region's home, a region's page and its settings: the region itself, the scheme and its indicators."""

from __future__ import annotations

from django.forms import Form
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ActionView, FormPage

from .. import access, services
from ..forms import IndicatorForm, RegionForm, SchemeForm
from ..models import ReviewRound, SchoolIndicator, SchoolScheme
from .base import LeadsRegion, OnRegion, RegionPage


class HomeView(RegionPage):
    template_name = "region/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            regions=access.visible_regions(user).select_related("lead"),
            applications=access.own_applications(user),
            assignments=access.own_reviews(user),
            **kwargs,
        )


class RegionDetailView(OnRegion, RegionPage):
    template_name = "region/region_detail.html"

    def get_context_data(self, **kwargs):
        user, region = self.request.user, self.region
        return super().get_context_data(
            region=region,
            members=region.members.all(),
            applications=access.visible_applications(user).filter(region=region),
            review_round=ReviewRound.objects.filter(region=region).first(),
            meetings=access.visible_meetings(user).filter(region=region)[:5],
            posts=access.visible_posts(user).filter(region=region)[:5],
            **kwargs,
        )


class OpenApplicationsView(OnRegion, LeadsRegion, ActionView):
    form_class = Form

    def perform(self, form):
        return services.open_applications(self.region, self.request.user)

    def get_success_message(self) -> str:
        return _("%(count)d applications opened.") % {"count": self.result}


class RegionEditView(OnRegion, LeadsRegion, FormPage):
    form_class = RegionForm
    page_title = gettext_lazy("Edit the region")
    success_message = gettext_lazy("The region has been saved.")

    def get_instance(self):
        return self.region

    def perform(self, form):
        return services.update_region(form.instance, self.request.user)


class SchemeView(OnRegion, RegionPage):
    template_name = "region/scheme.html"

    def get_context_data(self, **kwargs):
        scheme = SchoolScheme.objects.filter(region=self.region).prefetch_related("indicators").first()
        return super().get_context_data(
            region=self.region,
            scheme=scheme,
            locked=scheme is not None and services.scheme_is_locked(scheme),
            **kwargs,
        )


class SchemeEditView(OnRegion, LeadsRegion, FormPage):
    form_class = SchemeForm
    page_title = gettext_lazy("Edit the scheme")
    success_message = gettext_lazy("The scheme has been saved.")

    @cached_property
    def scheme(self):
        return get_object_or_404(SchoolScheme, region=self.region)

    def get_instance(self):
        return self.scheme

    def get_initial(self):
        return {"version": self.scheme.version}

    def perform(self, form):
        return services.update_scheme(form.instance, self.request.user, form.cleaned_data["version"])

    def get_success_url(self):
        return reverse("region:scheme", args=[self.region.pk])

    get_cancel_url = get_success_url


class IndicatorEditView(LeadsRegion, FormPage):
    form_class = IndicatorForm
    success_message = gettext_lazy("The indicator has been saved.")

    def get_scoped_object(self):
        return get_object_or_404(
            SchoolIndicator.objects.select_related("scheme__region").filter(
                scheme__region__in=access.visible_regions(self.request.user)
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Edit indicator %(code)s") % {"code": self.scoped_object.code}

    def get_instance(self):
        return self.scoped_object

    def get_initial(self):
        return {"version": self.scoped_object.scheme.version}

    def perform(self, form):
        return services.update_indicator(form.instance, self.request.user, form.cleaned_data["version"])

    def get_success_url(self):
        return reverse("region:scheme", args=[self.scoped_object.scheme.region_id])

    get_cancel_url = get_success_url
