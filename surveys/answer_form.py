"""The questionnaire as a respondent sees it: one field per question (and the respondent's college, group and, on
a named survey, student number), grouped by section for templates/surveys/includes/questionnaire.html. The public
answer page fills it; the designer's preview shows it read-only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import PlainForm

from .models import SHORT_MAX, TEXT_MAX, Question, Section, Survey

STUDENT_NUMBER_MAX = 20


def question_field_name(question: Question) -> str:
    return f"q{question.pk}"


def scale_choices(question: Question) -> list[tuple[str, str]]:
    choices = [(str(point), str(point)) for point in range(1, question.scale_max + 1)]
    if question.scale_low:
        choices[0] = ("1", f"1（{question.scale_low}）")
    if question.scale_high:
        last = str(question.scale_max)
        choices[-1] = (last, f"{last}（{question.scale_high}）")
    return choices


def question_field(question: Question, number: int | None = None) -> forms.Field:
    """The field of one question, labelled with its `number` in the questionnaire: a choice's value is its position
    (from 0), a scale's its point (from 1)."""
    label = f"{number}. {question.text}" if number else question.text
    common = {"label": label, "required": question.required}
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        choices = [(str(i), text) for i, text in enumerate(question.choice_list())]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        choices = [(str(i), text) for i, text in enumerate(question.choice_list())]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if kind == Question.Kind.SCALE:
        return forms.TypedChoiceField(
            choices=scale_choices(question),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "gkw-scale"}),
            **common,
        )
    if kind == Question.Kind.SHORT:
        return forms.CharField(max_length=SHORT_MAX, widget=forms.TextInput(attrs={"maxlength": SHORT_MAX}), **common)
    return forms.CharField(
        max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}), **common
    )


@dataclass
class Part:
    """A section of the questionnaire (None: the questions before any section) and its questions' bound fields."""

    section: Section | None
    fields: list = field(default_factory=list)


class AnswerForm(PlainForm):
    """`AnswerForm(survey, data=None)`: the respondent's college (among those asked), group (where the survey names
    groups), student number (a named survey only) and one field per question. `read_only=True` disables every
    field (the designer's preview)."""

    def __init__(self, survey: Survey, data=None, *, read_only: bool = False, **kwargs):
        self.survey = survey
        self.sections = list(Section.objects.filter(survey=survey))
        self.questions = list(Question.objects.filter(survey=survey).select_related("section"))
        super().__init__(data, **kwargs)
        colleges = list(survey.colleges.order_by("order", "code"))
        if len(colleges) > 1:
            self.fields["college"] = forms.ChoiceField(
                label=pgettext_lazy("field", "Your college"),
                choices=[("", "—")] + [(str(college.pk), college.name) for college in colleges],
            )
        groups = survey.group_list()
        if groups:
            self.fields["group"] = forms.ChoiceField(
                label=_("Your group"), choices=[("", "—")] + [(group, group) for group in groups]
            )
        if survey.named:
            self.fields["student_number"] = forms.CharField(
                label=_("Your student number"),
                max_length=STUDENT_NUMBER_MAX,
                widget=forms.TextInput(attrs={"maxlength": STUDENT_NUMBER_MAX, "autocomplete": "off"}),
            )
        for number, question in enumerate(self.ordered_questions(), start=1):
            self.fields[question_field_name(question)] = question_field(question, number)
        if read_only:
            for each in self.fields.values():
                each.disabled = True

    def ordered_questions(self) -> list[Question]:
        """The questions as a respondent reads them: those of no section first, then each section's in order."""
        place = {section.pk: index for index, section in enumerate(self.sections)}
        return sorted(
            self.questions,
            key=lambda q: (-1 if q.section_id is None else place.get(q.section_id, 0), q.order, q.pk),
        )

    def about_fields(self) -> list:
        return [self[name] for name in ("college", "group", "student_number") if name in self.fields]

    def parts(self) -> list[Part]:
        """The questionnaire's parts in order, each with its questions' bound fields; an empty section is left out."""
        parts = {None: Part(None)}
        for section in self.sections:
            parts[section.pk] = Part(section)
        for question in self.ordered_questions():
            parts[question.section_id].fields.append(self[question_field_name(question)])
        return [part for part in parts.values() if part.fields]

    def answers(self) -> dict[Question, object]:
        """The cleaned answer of each question (None or empty when not answered)."""
        return {question: self.cleaned_data.get(question_field_name(question)) for question in self.questions}
