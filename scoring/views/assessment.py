"""One college's assessment: its page, its workflow buttons and the what-if calculator."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from colleges.access import authors, get_visible_college
from core.text import fmt
from core.views import ActionView, restore_typing

from .. import assessments, standing, workflow
from ..forms import AssessmentTransitionForm, ScoresForm
from ..models import ScoreChange
from ..workflow import WORKFLOW
from .school import SchemeMixin, deadline_context


class AssessmentMixin(SchemeMixin):
    """One college's assessment: another college is a 404 before anything else is weighed."""

    @cached_property
    def college(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    @cached_property
    def assessment(self):
        assessment = assessments.find_assessment(self.college, self.scheme)
        if assessment is None:
            raise Http404
        return assessment

    def get_scoped_object(self):
        return self.assessment

    def may_author(self) -> bool:
        return authors(self.access, self.college.pk)

    def result_visible(self) -> bool:
        return workflow.result_visible(self.assessment.status, self.access)


class AssessmentView(AssessmentMixin, TemplateView):
    template_name = "scoring/assessment.html"

    def get_context_data(self, **kwargs):
        assessment, access, college_id = self.assessment, self.access, self.college.pk
        scores = assessments.scores_of(assessment)
        return super().get_context_data(
            scheme=self.scheme,
            college=self.college,
            assessment=assessment,
            scores=scores,
            verdict=assessments.verdict_of(assessment, scores),
            state=standing.display_state(assessment),
            show_result=self.result_visible(),
            actions=WORKFLOW.available(assessment.status, access, college_id),
            # A return or reopen refused (the assessment moved on meanwhile) brings its reason back here.
            transition_form=restore_typing(
                self.request,
                AssessmentTransitionForm(),
                reverse("scoring:transition", args=[self.scheme.year, self.college.code]),
            ),
            can_self_assess=WORKFLOW.can_edit(assessment.status, access, college_id),
            can_review=workflow.can_enter_review(assessment.status, access, college_id),
            can_what_if=self.may_author(),
            **deadline_context(self.scheme),
            changes=ScoreChange.objects.filter(score__assessment=assessment)
            .select_related("score__indicator", "changed_by")
            .order_by("-at", "-pk")[:50],
            events=assessment.events.select_related("actor"),
            **kwargs,
        )


class AssessmentTransitionView(AssessmentMixin, ActionView):
    form_class = AssessmentTransitionForm

    def has_permission(self):
        return self.may_author()

    def perform(self, form):
        self.action = form.cleaned_data["action"]
        return assessments.transition(
            self.assessment,
            self.request.user,
            self.action,
            form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self):
        return DONE[self.action]


DONE = {
    workflow.SUBMIT: gettext_lazy("The self-assessment has been submitted for review."),
    workflow.RETURN: gettext_lazy("The self-assessment has been returned to the college."),
    workflow.FINALISE: gettext_lazy("The assessment is final; the college can now see its result."),
    workflow.REOPEN: gettext_lazy("The assessment has been reopened."),
}


class WhatIfView(AssessmentMixin, View):
    """Try other scores and see the verdict and school percentage they would give; nothing is saved."""

    template_name = "scoring/what_if.html"

    def has_permission(self):
        return self.may_author()

    def base_form(self, data=None):
        scores = assessments.scores_of(self.assessment)
        # Start from the reviewed scores where the user may see them, otherwise from the college's own.
        attr = (
            "final_score" if self.result_visible() and any(s.final_score is not None for s in scores) else "self_score"
        )
        return ScoresForm(
            data, scores=scores, score_attr=attr, note_attr="self_note", initial={"version": self.assessment.version}
        )

    def get(self, request, *args, **kwargs):
        return self.respond(self.base_form())

    def post(self, request, *args, **kwargs):
        return self.respond(self.base_form(request.POST))

    def respond(self, form):
        result = None
        if form.is_bound and form.is_valid():
            trial = {score.indicator.code: form.cleaned_data[f"score_{score.pk}"] for score in form.scores}
            verdict, percent_now, percent_then = standing.what_if(self.assessment, trial)
            result = {"verdict": verdict, "percent_now": percent_now, "percent_then": percent_then}
        context = {
            "scheme": self.scheme,
            "college": self.college,
            "assessment": self.assessment,
            "form": form,
            "result": result,
            "threshold": fmt(self.scheme.threshold),
        }
        return render(self.request, self.template_name, context)
