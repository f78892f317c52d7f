"""A member school's application: its page, the contact's edit, the workflow's buttons, the evidence files, and
the collective result the lead records."""

from __future__ import annotations

from django.forms import Form
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from core.views import ActionView, ConfirmFirst, FormPage, restore_typing

from .. import access, live, services
from ..forms import ActionForm, ApplicationForm, ResultForm, UploadForm, sheet_initial
from ..models import Action, Status
from ..workflow import WORKFLOW
from .base import LeadsRegion, OnApplication, RegionPage, RegionView

# The application page's buttons, as the page and its confirmation name them.
BUTTONS = {
    Action.SUBMIT: gettext_lazy("Submit the application"),
    Action.RETURN: gettext_lazy("Return for completion"),
    Action.PUBLISH: gettext_lazy("Publish the result"),
}


def visit_context(user, application) -> dict:
    """The school's on-site visit beside its result: whoever sees the application sees its visit; the findings
    as access.sees_findings says."""
    visit = access.visible_visits(user).filter(application=application).prefetch_related("visitors").first()
    return {"visit": visit, "sees_findings": visit is not None and access.sees_findings(user, visit)}


class ApplicationView(OnApplication, RegionPage):
    template_name = "region/application_detail.html"

    def get_context_data(self, **kwargs):
        application, user = self.application, self.request.user
        can_edit = WORKFLOW.can_edit(application.status, user, application)
        reads_live = access.reads_live_data(user, application)
        return super().get_context_data(
            # A school that keeps its year in the portal drafts from its data; the others upload evidence.
            runs_year=(can_edit or reads_live) and live.runs_year(application.institution, application.region.year),
            reads_live=reads_live,
            application=application,
            scores=application.scores.select_related("indicator"),
            files=application.files.all(),
            events=access.visible_events(user, application),
            can_edit=can_edit,
            actions=WORKFLOW.available(application.status, user, application),
            sees_result=access.sees_result(user, application),
            **visit_context(user, application),
            # The lead manages its reviewers from the moment it can be under review.
            in_round=application.status not in {Status.DRAFT, Status.RETURNED},
            gaps=services.submission_gaps(application) if can_edit else [],
            upload_form=UploadForm(),
            # A return refused (the application moved on meanwhile) brings its reason back here.
            action_form=restore_typing(
                self.request, ActionForm(), reverse("region:application_action", args=[application.pk])
            ),
            **kwargs,
        )


class ApplicationEditView(OnApplication, RegionView, FormPage):
    template_name = "region/application_form.html"
    form_class = ApplicationForm
    success_message = gettext_lazy("The application has been saved.")

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def state_problem(self):
        if self.application.status not in WORKFLOW.editable_statuses:
            return _("This application can no longer be edited in its current state.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region_id": self.application.region_id}

    def get_initial(self):
        application = self.application
        rows = application.scores.select_related("indicator")
        return {
            "version": application.version,
            "report": application.report,
            "party_agreed_on": application.party_agreed_on,
            **sheet_initial(
                {r.indicator.code: r.self_score for r in rows}, {r.indicator.code: r.self_note for r in rows}
            ),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def perform(self, form):
        return services.save_application(
            self.application,
            self.request.user,
            form.cleaned_data["version"],
            report=form.cleaned_data["report"],
            party_agreed_on=form.cleaned_data["party_agreed_on"],
            scores=form.scores(),
            notes=form.notes(),
        )


class ApplicationActionView(ConfirmFirst, OnApplication, RegionView, ActionView):
    form_class = ActionForm
    # Submitting and publishing cannot be taken back by the one who does it; a return can (the school resubmits).
    QUESTIONS = {
        Action.SUBMIT: gettext_lazy(
            "Submit the application? It cannot be changed afterwards unless the lead returns it; while the review "
            "round is open it goes to the reviewers at once."
        ),
        Action.PUBLISH: gettext_lazy(
            "Publish the collective result? The school sees it at once; a published result cannot be withdrawn."
        ),
    }

    def get_confirm_question(self, form) -> str:
        return str(self.QUESTIONS.get(form.cleaned_data["action"], ""))

    def get_confirm_label(self, form) -> str:
        return str(BUTTONS.get(form.cleaned_data["action"], self.confirm_label))

    def get_confirm_cancel_url(self) -> str:
        return self.application.get_absolute_url()

    def has_permission(self):
        return access.acts_on_application(self.request.user, self.application)

    def perform(self, form):
        self.done = form.label()
        return services.transition(
            self.application,
            self.request.user,
            form.cleaned_data["action"],
            form.cleaned_data["comment"],
            form.cleaned_data["version"],
        )

    def get_success_message(self) -> str:
        return _("Done: %(action)s.") % {"action": self.done}


class ApplicationUploadView(OnApplication, RegionView, ActionView):
    form_class = UploadForm

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def perform(self, form):
        return services.add_files(self.application, self.request.user, form.cleaned_data["files"])

    def get_success_message(self) -> str:
        return _("%(count)d files added.") % {"count": len(self.result)}


class ApplicationFileView(OnApplication, RegionView, View):
    @cached_property
    def file(self):
        return get_object_or_404(self.application.files, pk=self.kwargs["file_pk"])

    def get(self, request, pk, file_pk):
        return self.file.serve()


class ApplicationFileDeleteView(OnApplication, RegionView, ActionView):
    form_class = Form

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def perform(self, form):
        file = get_object_or_404(self.application.files, pk=self.kwargs["file_pk"])
        return services.remove_file(file, self.request.user)


class ResultView(OnApplication, LeadsRegion, FormPage):
    """The lead records the collective score per indicator and the review opinion, starting from the reviewers'
    mean."""

    creates = False  # it edits the application's result, whose version stops a second sending

    template_name = "region/result_form.html"
    form_class = ResultForm
    success_message = gettext_lazy("The collective result has been recorded.")

    def state_problem(self):
        if self.application.status not in {Status.UNDER_REVIEW, Status.REVIEWED}:
            return _("A result is recorded only for an application under review.")
        return None

    @cached_property
    def prefill(self):
        return services.collective_prefill(self.application)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region_id": self.application.region_id}

    def get_initial(self):
        scores, _means = self.prefill
        application = self.application
        return {"version": application.version, "opinion": application.opinion, **sheet_initial(scores)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            means=self.prefill[1],
            **visit_context(self.request.user, self.application),
            **kwargs,
        )

    def perform(self, form):
        return services.record_result(
            self.application,
            self.request.user,
            form.cleaned_data["version"],
            form.scores(),
            form.cleaned_data["opinion"],
        )
