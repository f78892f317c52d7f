"""The lead's hand on the open round: the panel, an application's reviewers, the waiting applications, publishing
every recorded result and closing the round. Each button asks one service; the irreversible ones ask first."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.forms import VersionForm
from core.views import ActionView, ConfirmFirst

from .. import access, services
from ..forms import PanelAddForm, PublishAllForm, ReassignForm, ReviewerPickForm, reviewer_name
from ..models import ReviewRound
from .base import LeadsRegion, OnApplication, OnAssignment, OnRegion


class OnRound(OnRegion, LeadsRegion):
    """A button of the round's page: back to it, with what happened."""

    @cached_property
    def review_round(self) -> ReviewRound:
        return get_object_or_404(ReviewRound.objects.select_related("region"), region=self.region)

    def get_success_url(self):
        return reverse("region:round", args=[self.region.pk])


class PanelAddView(OnRound, ActionView):
    def get_form(self):
        return PanelAddForm(self.request.POST, review_round=self.review_round)

    def perform(self, form):
        self.reviewer = form.cleaned_data["reviewer"]
        return services.add_to_panel(self.review_round, self.request.user, self.reviewer, form.cleaned_data["version"])

    def get_success_message(self) -> str:
        return _("%(name)s joined the panel; %(count)d waiting applications were assigned.") % {
            "name": reviewer_name(self.reviewer),
            "count": self.result,
        }


class PanelRemoveView(OnRound, ActionView):
    form_class = VersionForm

    def perform(self, form):
        self.reviewer = get_object_or_404(self.review_round.panel, pk=self.kwargs["user_pk"])
        return services.remove_from_panel(
            self.review_round, self.request.user, self.reviewer, form.cleaned_data["version"]
        )

    def get_success_message(self) -> str:
        message = _("%(name)s left the panel; their reviews not yet submitted went to the others.") % {
            "name": reviewer_name(self.reviewer)
        }
        if self.result:
            message += " " + _("Waiting for a reviewer: %(schools)s.") % {
                "schools": "、".join(a.institution.short_name for a in self.result)
            }
        return message


class AssignWaitingView(OnRound, ActionView):
    form_class = VersionForm

    def perform(self, form):
        return services.assign_waiting(self.review_round, self.request.user, form.cleaned_data["version"])

    def get_success_message(self) -> str:
        return _("%(count)d waiting applications were assigned.") % {"count": self.result}


class RoundCloseView(ConfirmFirst, OnRound, ActionView):
    form_class = VersionForm
    confirm_question = gettext_lazy(
        "Close the review round? Reviewers can no longer submit scores, and applications submitted from now on "
        "are not assigned. This cannot be undone."
    )
    confirm_label = gettext_lazy("Close the round")
    success_message = gettext_lazy("The review round is closed.")

    def get_confirm_cancel_url(self) -> str:
        return self.get_success_url()

    def perform(self, form):
        return services.close_round(self.review_round, self.request.user, form.cleaned_data["version"])


class PublishAllView(ConfirmFirst, OnRegion, LeadsRegion, ActionView):
    form_class = PublishAllForm
    confirm_label = gettext_lazy("Publish all reviewed results")

    def get_success_url(self):
        return reverse("region:round", args=[self.region.pk])

    get_confirm_cancel_url = get_success_url

    def get_confirm_question(self, form) -> str:
        names = services.publishable(self.region).filter(pk__in=form.cleaned_data["versions"])
        return _(
            "Publish the collective results of %(schools)s? Each school sees its result at once; a published "
            "result cannot be withdrawn."
        ) % {"schools": "、".join(a.institution.short_name for a in names) or "—"}

    def perform(self, form):
        return services.publish_all(self.region, self.request.user, form.cleaned_data["versions"])

    def get_success_message(self) -> str:
        return _("%(count)d results were published.") % {"count": len(self.result)}


class ApplicationReviewersView(OnApplication, LeadsRegion, TemplateView):
    """One application's reviewers: who reviews it and how far they are; the lead adds, removes and reassigns
    among the panel's eligible reviewers while the round is open."""

    template_name = "region/application_reviewers.html"

    def get_context_data(self, **kwargs):
        application = self.application
        review_round = ReviewRound.objects.filter(region_id=application.region_id).first()
        # Once the collective result is recorded, who reviewed it is history.
        manages = access.manages_reviewers(self.request.user, review_round) and application.status in services.IN_ROUND
        assignments = list(
            application.assignments.select_related("reviewer__affiliation__institution", "round").order_by(
                "reviewer__username"
            )
        )
        return super().get_context_data(
            application=application,
            review_round=review_round,
            manages=manages,
            rows=[
                (
                    assignment,
                    ReassignForm(
                        assignment=assignment,
                        initial={"version": assignment.version},
                        auto_id=f"reassign-{assignment.pk}-%s",
                    )
                    if manages and access.reassigns(self.request.user, assignment)
                    else None,
                )
                for assignment in assignments
            ],
            add_form=ReviewerPickForm(
                choices=services.eligible_reviewers(review_round, application),
                initial={"version": application.version},
            )
            if manages
            else None,
            **kwargs,
        )


class ReviewerAddView(OnApplication, LeadsRegion, ActionView):
    def get_form(self):
        review_round = get_object_or_404(ReviewRound, region_id=self.application.region_id)
        return ReviewerPickForm(self.request.POST, choices=services.eligible_reviewers(review_round, self.application))

    def perform(self, form):
        self.reviewer = form.cleaned_data["reviewer"]
        return services.add_reviewer(self.application, self.request.user, self.reviewer, form.cleaned_data["version"])

    def get_success_message(self) -> str:
        return _("%(name)s reviews this application now.") % {"name": reviewer_name(self.reviewer)}

    def get_success_url(self):
        return reverse("region:reviewers", args=[self.application.pk])


class ReviewRemoveView(OnAssignment, LeadsRegion, ActionView):
    form_class = VersionForm

    def perform(self, form):
        return services.remove_reviewer(self.assignment, self.request.user, form.cleaned_data["version"])

    def get_success_message(self) -> str:
        return _("%(name)s no longer reviews this application.") % {"name": reviewer_name(self.assignment.reviewer)}

    def get_success_url(self):
        return reverse("region:reviewers", args=[self.assignment.application_id])
