"""An application drafted from the school's own data: the contact's 从本校数据生成 button, and the read-only page of
the live rows behind the figures, for the contact, the lead and the application's reviewers (region.access)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ActionView, ConfirmFirst

from .. import access, live, services
from ..models import Application, Assignment, EvidenceSource
from .base import OnApplication, RegionPage, RegionView


class ApplicationDraftView(ConfirmFirst, OnApplication, RegionView, ActionView):
    """从本校数据生成: asks first when it would replace what the contact already wrote."""

    confirm_label = gettext_lazy("Draft from our school's data")
    who_may = gettext_lazy("the school's own region contact")

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def get_confirm_question(self, form) -> str:
        if not services.replaces_text(self.application):
            return ""
        return _(
            "Replace the written report and the evidence notes of the indicators drafted from data with a new "
            "draft from your school's data? What you wrote there is replaced; the scores stay as they are."
        )

    def get_confirm_cancel_url(self) -> str:
        return self.application.get_absolute_url()

    def perform(self, form):
        return services.draft_from_data(self.application, self.request.user, form.cleaned_data["version"])

    def get_success_message(self) -> str:
        return _(
            "The report and the evidence notes were drafted from your school's data: check and edit them before "
            "submitting."
        )


class ApplicationLiveView(RegionPage):
    """The school's own data behind the drafted figures, read in that school's scope, read-only."""

    template_name = "region/application_live.html"
    who_may = gettext_lazy("the school's own region contact, the region's lead and the application's reviewers")

    def get_scoped_object(self):
        return get_object_or_404(access.applications_with_live_data(self.request.user), pk=self.kwargs["pk"])

    @property
    def application(self) -> Application:
        return self.scoped_object

    def has_permission(self):
        return access.reads_live_data(self.request.user, self.application)

    def get_context_data(self, **kwargs):
        application = self.application
        details = live.live_details(application.institution, application.region.year)
        # A reviewer opens no application page: their way back is their review of it.
        review = (
            Assignment.objects.filter(application=application, reviewer=self.request.user).first()
            if access.is_reviewer(self.access)
            else None
        )
        return super().get_context_data(
            application=application,
            review=review,
            details=details,
            figures=details.figures,
            sources=EvidenceSource,
            reports_listed=live.REPORTS_LISTED,
            **kwargs,
        )
