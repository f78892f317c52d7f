"""The collective review: the round's page, opening it, a reviewer's blind sheet, the evidence they open, and the
lead's reassignment of a review."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from core.views import ActionView, ConfirmFirst, FormPage

from .. import access, live, services, summary
from ..forms import PanelAddForm, ReassignForm, ReviewForm, RoundForm, sheet_initial
from ..models import ReviewRound, SchoolIndicator, SummaryExport
from .base import LeadsRegion, OnAssignment, OnRegion, ReadsEveryRegion, RegionView


class RoundView(OnRegion, ReadsEveryRegion, TemplateView):
    """The round as the lead sees it: who has finished what, the consolidated scores and their flags."""

    template_name = "region/round.html"

    def get_context_data(self, **kwargs):
        round_ = ReviewRound.objects.filter(region=self.region).first()
        manages = access.manages_reviewers(self.request.user, round_)
        waiting = services.waiting_applications(round_) if round_ else []
        panel = summary.panel_rows(round_) if round_ else []
        panel_schools = {row["reviewer"].affiliation.institution_id for row in panel}
        publishable = list(services.publishable(self.region)) if manages else []
        return super().get_context_data(
            region=self.region,
            review_round=round_,
            manages=manages,
            panel=panel,
            waiting=[(a, services.waiting_reason(panel_schools, a)) for a in waiting],
            publishable=publishable,
            publish_versions=",".join(f"{a.pk}:{a.version}" for a in publishable),
            publish_names="、".join(a.institution.short_name for a in publishable),
            panel_form=PanelAddForm(review_round=round_, initial={"version": round_.version}) if manages else None,
            progress=summary.reviewer_progress(self.region) if round_ else [],
            rows=summary.consolidation(self.region) if round_ else [],
            indicators=SchoolIndicator.objects.filter(scheme__region=self.region),
            exports=SummaryExport.objects.filter(region=self.region)[:6],
            **kwargs,
        )


class RoundOpenView(OnRegion, LeadsRegion, FormPage):
    form_class = RoundForm
    page_title = gettext_lazy("Open the review round")
    success_message = gettext_lazy("The review round is open and the applications are assigned.")

    def state_problem(self):
        if ReviewRound.objects.filter(region=self.region).exists():
            return _("This region's review round has already been opened.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def get_cancel_url(self):
        return self.region.get_absolute_url()

    def perform(self, form):
        return services.open_round(
            self.region,
            self.request.user,
            deadline=form.cleaned_data["deadline"],
            panel=list(form.cleaned_data["panel"]),
            disagreement_points=form.cleaned_data["disagreement_points"],
            reviewers_per_application=form.cleaned_data["reviewers_per_application"],
        )

    def get_success_url(self):
        return reverse("region:round", args=[self.region.pk])


class ReviewView(ConfirmFirst, OnAssignment, RegionView, FormPage):
    """A reviewer's blind score sheet for one application; the others' scores appear once theirs is submitted.
    Everyone who sees the assignment reads the page; only its reviewer posts."""

    creates = False  # it edits the assignment's scores, whose version stops a second sending

    template_name = "region/review.html"
    form_class = ReviewForm
    success_message = gettext_lazy("Your review has been saved.")
    confirm_label = gettext_lazy("Submit my review")

    def has_permission(self):
        return self.request.method != "POST" or access.scores_assignment(self.request.user, self.assignment)

    def get_confirm_question(self, form) -> str:
        if "submit" not in self.request.POST:
            return ""  # saving a draft asks nothing
        return _(
            "Submit your review? Your scores cannot be changed afterwards; you will then see the other reviewers' "
            "scores."
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region_id": self.assignment.application.region_id}

    def get_initial(self):
        rows = self.assignment.scores.select_related("indicator")
        return {
            "version": self.assignment.version,
            **sheet_initial({r.indicator.code: r.score for r in rows}, {r.indicator.code: r.comment for r in rows}),
        }

    def get_context_data(self, **kwargs):
        assignment, user = self.assignment, self.request.user
        application = assignment.application
        return super().get_context_data(
            assignment=assignment,
            application=application,
            self_scores=application.scores.select_related("indicator"),
            # The reviewer opens the school's own data behind a drafted application (region.access).
            live_link=access.reads_live_data(user, application)
            and live.runs_year(application.institution, application.region.year),
            files=application.files.all(),
            own_scores=assignment.scores.select_related("indicator"),
            can_score=access.scores_now(user, assignment),
            others=access.visible_other_scores(user, assignment),
            reassign_form=ReassignForm(assignment=assignment, initial={"version": assignment.version})
            if access.reassigns(user, assignment)
            else None,
            **kwargs,
        )

    def perform(self, form):
        return services.save_review(
            self.assignment,
            self.request.user,
            form.cleaned_data["version"],
            form.scores(),
            form.notes(),
            submit="submit" in self.request.POST,
        )


class ReviewFileView(OnAssignment, RegionView, View):
    """A reviewer opens the evidence of the application they review (the application page is its school's)."""

    def get(self, request, pk, file_pk):
        return get_object_or_404(self.assignment.application.files, pk=file_pk).serve()


class ReassignView(OnAssignment, LeadsRegion, ActionView):
    success_message = gettext_lazy("The review has been reassigned.")

    def get_form(self):
        return ReassignForm(self.request.POST, assignment=self.assignment)

    def perform(self, form):
        return services.reassign(
            self.assignment, self.request.user, form.cleaned_data["reviewer"], form.cleaned_data["version"]
        )

    def get_success_url(self):
        return reverse("region:reviewers", args=[self.assignment.application_id])
