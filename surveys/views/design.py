"""The surveys' portal pages: the list, a survey's page (its settings, questions, status and distribution), its
settings' form, its preview as a respondent sees it, and the buttons that open and close it."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import ListView, TemplateView

from colleges.access import ScopedViewMixin
from core.forms import PlainForm, VersionField
from core.views import ActionView, FormPage

from .. import access, links, qr
from ..forms import SurveyForm
from ..models import Question, Response, Section, Survey
from ..public_form import AnswerForm
from ..services import design as services
from .common import DesignerMixin, SurveyViewMixin, survey_url


class SurveyListView(ScopedViewMixin, ListView):
    """The surveys the user sees, newest year first: status, period, colleges asked and answers."""

    roles = access.SURVEY_ROLES
    template_name = "surveys/design/list.html"
    context_object_name = "surveys"
    paginate_by = 50

    def get_queryset(self):
        surveys = access.scope_surveys(Survey.objects.select_related("college"), self.request.user)
        return surveys.annotate(
            answer_count=Count("responses", distinct=True), college_count=Count("colleges", distinct=True)
        ).order_by("-year", "-created_at", "-pk")


class SurveyCreateView(ScopedViewMixin, FormPage):
    """A new survey: the school's for staff, their college's for a secretary."""

    roles = access.SURVEY_ROLES
    form_class = SurveyForm
    page_title = gettext_lazy("New survey")
    subtitle = gettext_lazy("Set the survey up first; its questions follow on its page.")
    success_message = gettext_lazy("The survey has been created as a draft; add its questions now.")
    who_may = access.designs.who

    def college_id(self) -> int | None:
        """The school's survey for who designs the school's; else the secretary's own college's."""
        return None if access.designs(self.access, None) else self.access.college_id

    def has_permission(self):
        return access.designs(self.access, self.college_id())

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_name": access.makes_named(self.access),
            "for_college": self.college_id() is not None,
        }

    def get_initial(self):
        today = services.today()
        return {"year": today.year, "opens_on": today, "closes_on": today + datetime.timedelta(days=14)}

    def get_cancel_url(self):
        return reverse("surveys:list")

    def perform(self, form):
        survey = form.save(commit=False)
        survey.college_id = self.college_id()
        return survey_url(services.create_survey(survey, self.request.user, form.cleaned_data.get("colleges", [])))


class SurveyEditView(DesignerMixin, FormPage):
    form_class = SurveyForm
    page_title = pgettext_lazy("page", "Survey settings")
    success_message = gettext_lazy("The survey's settings have been saved.")
    creates = False

    def get_instance(self):
        return self.survey

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_name": access.makes_named(self.access),
            "for_college": self.survey.college_id is not None,
        }

    def get_initial(self):
        return {"version": self.survey.version}

    def perform(self, form):
        survey = form.save(commit=False)
        return services.update_survey(
            survey, self.request.user, form.cleaned_data.get("colleges", []), form.cleaned_data["version"] or 0
        )


class SurveyDetailView(SurveyViewMixin, TemplateView):
    """A survey's page: its settings, its questions (changed here while it is a draft), opening and closing it, and
    its public link, QR code and invitation codes."""

    template_name = "surveys/design/detail.html"

    def get_context_data(self, **kwargs):
        survey = self.survey
        may_design = access.designs(self.access, survey.college_id)
        sections = list(Section.objects.filter(survey=survey))
        questions = list(Question.objects.filter(survey=survey))
        by_section = {section.pk: [] for section in sections}
        loose = []
        for question in questions:
            (by_section[question.section_id] if question.section_id else loose).append(question)
        link = links.public_link(self.request, survey)
        answers = Response.objects.filter(survey=survey).count()
        editing_problem = services.questions_problem(survey) if may_design else None
        return super().get_context_data(
            survey=survey,
            may_design=may_design,
            reads_results=access.reads_results(self.access, survey),
            may_edit_questions=may_design and editing_problem is None,
            editing_problem=editing_problem,
            loose_questions=loose,
            sections=[(section, by_section[section.pk]) for section in sections],
            question_count=len(questions),
            answer_count=answers,
            colleges=list(survey.colleges.all()),
            link=link,
            qr_svg=qr.qr_svg(link) if link else "",
            accepting=services.accepting(survey),
            invitations=services.invitation_counts(survey) if survey.uses_tokens else None,
            **kwargs,
        )


class PreviewView(SurveyViewMixin, TemplateView):
    """The questionnaire exactly as a respondent sees it, read-only and without a button to send."""

    template_name = "surveys/design/preview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            survey=self.survey, form=AnswerForm(self.survey, auto_id="preview_%s"), **kwargs
        )


class StatusForm(PlainForm):
    version = VersionField()
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close"), ("draft", "draft")])


STATUS_ACTIONS = {
    "open": (services.open_survey, gettext_lazy("The survey is open: it takes answers within its period.")),
    "close": (services.close_survey, gettext_lazy("The survey is closed; it can be reopened until its closing day.")),
    "draft": (services.return_to_draft, gettext_lazy("The survey is a draft again; its questions can change.")),
}


class StatusView(DesignerMixin, ActionView):
    """Open (or reopen), close early, or return to draft."""

    form_class = StatusForm

    def perform(self, form):
        service, self.success_message = STATUS_ACTIONS[form.cleaned_data["action"]]
        return service(self.survey, self.request.user, form.cleaned_data["version"])
