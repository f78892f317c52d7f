"""The respondent's form on the public page: who they are (college, group, a named survey's student number, an
invitation code) and one field per question, grouped by section. The service (surveys.services.answering) checks
everything again; the form only lets a person see each mistake beside its question."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import PlainForm, SafeModelChoiceField, bound_fields

from .codes import CODE_MAX
from .models import SHORT_MAX, TEXT_MAX, Question, Response, Survey
from .services.answering import STUDENT_NUMBER, colleges_asked, normal_student_number, questions_of


def question_field(question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.required}
    kind = question.kind
    if kind in Question.CHOICE_KINDS:
        choices = list(enumerate(question.choice_list()))
        if kind == Question.Kind.SINGLE:
            return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, **common)
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.SCALE:
        points = range(1, question.scale_max + 1)
        labels = {1: question.scale_low, question.scale_max: question.scale_high}
        choices = [(n, f"{n}（{labels[n]}）" if labels.get(n) else str(n)) for n in points]
        return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.SHORT:
        return forms.CharField(max_length=SHORT_MAX, widget=forms.TextInput(attrs={"maxlength": SHORT_MAX}), **common)
    return forms.CharField(
        max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}), **common
    )


class AnswerForm(PlainForm):
    """Built from the survey: `sections()` gives the question fields grouped as the respondent reads them."""

    def __init__(self, survey: Survey, *args, code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        colleges = colleges_asked(survey)
        self.fields["college"] = SafeModelChoiceField(
            queryset=colleges,
            label=pgettext_lazy("field", "college"),
            empty_label=_("Choose your college"),
            initial=colleges[0].pk if len(colleges) == 1 else None,
        )
        groups = survey.group_list()
        if groups:
            self.fields["group"] = forms.ChoiceField(
                choices=[("", _("Choose your group")), *[(g, g) for g in groups]],
                label=Response._meta.get_field("group").verbose_name,
            )
        if survey.named:
            self.fields["student_number"] = forms.CharField(
                label=Response._meta.get_field("student_number").verbose_name,
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
                help_text=_("4 to 20 letters or digits."),
            )
        if survey.uses_tokens:
            self.fields["code"] = forms.CharField(
                label=_("Your invitation code"),
                max_length=CODE_MAX,
                initial=code[:CODE_MAX],
                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                help_text=_("The code on the slip or in the link you were given; each code answers once."),
            )
        self.questions = questions_of(survey)
        for question in self.questions:
            self.fields[self.name_of(question)] = question_field(question)
        bound_fields(self)  # PlainForm bounded the declared fields; these were added after

    @staticmethod
    def name_of(question: Question) -> str:
        return f"q{question.pk}"

    def clean_student_number(self):
        number = normal_student_number(self.cleaned_data["student_number"])
        if not STUDENT_NUMBER.fullmatch(number):
            raise forms.ValidationError(_("Enter your student number: 4 to 20 letters or digits."))
        return number

    def identity_fields(self) -> list:
        return [self[name] for name in ("code", "college", "group", "student_number") if name in self.fields]

    def sections(self) -> list[tuple]:
        """[(section or None, [bound fields])] in reading order."""
        grouped: list[tuple] = []
        for question in self.questions:
            if not grouped or grouped[-1][0] != question.section:
                grouped.append((question.section, []))
            grouped[-1][1].append(self[self.name_of(question)])
        return grouped

    def answers(self) -> dict[int, object]:
        return {question.pk: self.cleaned_data.get(self.name_of(question)) for question in self.questions}
