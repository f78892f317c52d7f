"""The question editor, without JavaScript: a section's and a question's form, and the buttons that delete them and
move them up or down. Each write claims the survey's version; questions change only while the survey is a draft
without answers (services.design.questions_problem), which the pages say before their forms."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.forms import PlainForm, VersionField
from core.views import ActionView, FormPage

from ..forms import QuestionForm, SectionForm
from ..models import Question, Section
from ..services import design as services
from .common import DesignerMixin


class EditorMixin(DesignerMixin):
    """A page of the editor: the designers, while the survey's questions may change."""

    def state_problem(self):
        return services.questions_problem(self.survey)

    def get_initial(self):
        return {"version": self.survey.version}


class SectionPage(EditorMixin, FormPage):
    form_class = SectionForm
    success_message = gettext_lazy("The section has been saved.")

    @cached_property
    def section(self) -> Section:
        if "section" not in self.kwargs:
            return Section(survey=self.survey)
        return get_object_or_404(Section.objects.filter(survey=self.survey), pk=self.kwargs["section"])

    def get_page_title(self):
        return pgettext_lazy("survey", "Edit the section") if self.section.pk else gettext_lazy("New section")

    def get_instance(self):
        return self.section

    @property
    def creates(self) -> bool:
        return self.section.pk is None

    def perform(self, form):
        return services.save_section(form.save(commit=False), self.request.user, form.cleaned_data["version"])


class QuestionPage(EditorMixin, FormPage):
    form_class = QuestionForm
    success_message = gettext_lazy("The question has been saved.")
    subtitle = gettext_lazy(
        "Choices one a line (from 2 to 30) for single and multiple choice; a scale has from 2 to 10 points."
    )

    @cached_property
    def question(self) -> Question:
        if "question" not in self.kwargs:
            return Question(survey=self.survey, kind=Question.Kind.SINGLE)
        return get_object_or_404(Question.objects.filter(survey=self.survey), pk=self.kwargs["question"])

    def get_page_title(self):
        return gettext_lazy("Edit question") if self.question.pk else gettext_lazy("New question")

    def get_instance(self):
        return self.question

    @property
    def creates(self) -> bool:
        return self.question.pk is None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey": self.survey}

    def get_initial(self):
        initial = super().get_initial()
        section = self.request.GET.get("section", "")
        if self.question.pk is None and section.isdigit() and len(section) < 12:
            initial["section"] = Section.objects.filter(survey=self.survey, pk=int(section)).first()
        return initial

    def perform(self, form):
        return services.save_question(form.save(commit=False), self.request.user, form.cleaned_data["version"])


class MoveForm(PlainForm):
    version = VersionField()
    direction = forms.ChoiceField(choices=[(services.UP, services.UP), (services.DOWN, services.DOWN)])


class RowAction(EditorMixin, ActionView):
    """A button on a section or a question of the survey (404 for another survey's)."""

    model = Section
    kwarg = "section"

    @cached_property
    def row(self):
        return get_object_or_404(self.model.objects.filter(survey=self.survey), pk=self.kwargs[self.kwarg])

    def get_scoped_object(self):
        survey = super().get_scoped_object()
        self.row  # noqa: B018 -- found (or a 404) before the permission is weighed, as the survey is
        return survey


class SectionDeleteView(RowAction):
    success_message = gettext_lazy("The section has been deleted.")

    def perform(self, form):
        return services.delete_section(self.row, self.request.user, form.cleaned_data["version"])


class SectionMoveView(RowAction):
    form_class = MoveForm

    def perform(self, form):
        direction = form.cleaned_data["direction"]
        return services.move_section(self.row, self.request.user, direction, form.cleaned_data["version"])


class QuestionDeleteView(RowAction):
    model = Question
    kwarg = "question"
    success_message = gettext_lazy("The question has been deleted.")

    def perform(self, form):
        return services.delete_question(self.row, self.request.user, form.cleaned_data["version"])


class QuestionMoveView(RowAction):
    model = Question
    kwarg = "question"
    form_class = MoveForm

    def perform(self, form):
        direction = form.cleaned_data["direction"]
        return services.move_question(self.row, self.request.user, direction, form.cleaned_data["version"])
