"""The design forms of a survey: its settings, a section, a question, and a batch of invitation codes. The
respondent's form is public_form.AnswerForm."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.models import College
from core.forms import DATE_INPUT, PlainForm, PortalForm, VersionField
from core.widgets import SearchablePicker, college_words

from . import invitations, rules
from .models import Question, Section, Survey

YEAR_MIN, YEAR_MAX = 2000, 2100

NAMED_REFUSED = _("Only committee staff may make a survey named; the survey was not saved.")


class SurveyForm(PortalForm):
    """A survey's settings. `named` is offered only to who may make a survey named (staff); a post of it by anyone
    else is refused. A college's survey asks its own college, so it has no choice of colleges."""

    version = VersionField(required=False)

    class Meta:
        model = Survey
        fields = ["title", "intro", "year", "named", "uses_tokens", "colleges", "groups", "opens_on", "closes_on"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "groups": forms.Textarea(attrs={"rows": 3}),
            "colleges": SearchablePicker.for_rows(college_words),
            "opens_on": DATE_INPUT,
            "closes_on": DATE_INPUT,
        }

    def __init__(self, *args, may_name: bool = False, for_college: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_name = may_name
        self.fields["year"].min_value = YEAR_MIN
        self.fields["year"].max_value = YEAR_MAX
        self.fields["year"].validators += [_year_bounds]
        if not may_name:
            del self.fields["named"]
        if for_college:
            del self.fields["colleges"]
        else:
            self.fields["colleges"].queryset = College.objects.filter(active=True)
            self.fields["colleges"].required = False
            self.fields["colleges"].help_text = _("The colleges whose students and teachers answer.")
        self.fields["opens_on"].required = True
        self.fields["closes_on"].required = True
        # The layout is drawn from the fields there are: a new helper once some are removed (crispy fails on a
        # field its layout names and the form lacks).
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if not self.may_name and self.data.get(self.add_prefix("named")) not in (None, "", "off", "false", "False"):
            raise forms.ValidationError(NAMED_REFUSED)
        if problem := rules.period_problem(cleaned.get("opens_on"), cleaned.get("closes_on")):
            self.add_error("closes_on", problem)
        groups = rules.split_lines(cleaned.get("groups", ""))
        if any(len(group) > 60 for group in groups):
            self.add_error("groups", _("A group's name has at most 60 characters."))
        if len(set(groups)) != len(groups):
            self.add_error("groups", _("Two groups are the same; each group must differ from the others."))
        cleaned["groups"] = "\n".join(groups)
        return cleaned


def _year_bounds(value):
    if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
        raise forms.ValidationError(_("Enter a year from %(low)d to %(high)d.") % {"low": YEAR_MIN, "high": YEAR_MAX})


class SectionForm(PortalForm):
    version = VersionField()

    class Meta:
        model = Section
        fields = ["title", "note"]


class QuestionForm(PortalForm):
    version = VersionField()

    class Meta:
        model = Question
        fields = ["section", "kind", "text", "required", "choices", "scale_max", "scale_low", "scale_high"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 6}), "kind": forms.RadioSelect}

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(survey=survey)
        self.fields["kind"].choices = Question.Kind.choices  # a radio list offers no blank type
        self.fields["section"].empty_label = _("(no section: before the sections)")
        self.fields["scale_max"].min_value = rules.SCALE_MIN
        self.fields["scale_max"].max_value = rules.SCALE_MAX
        self.fields["scale_max"].required = False
        self.fields["text"].max_length = 500
        self.fields["text"].widget = forms.TextInput(attrs={"maxlength": 500})

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not self.errors:
            scale = cleaned.get("scale_max") if kind == Question.Kind.SCALE else None
            if kind == Question.Kind.SCALE and scale is None:
                scale = 5
                cleaned["scale_max"] = scale
            if problem := rules.question_problem(kind, cleaned.get("choices", ""), scale):
                field = "choices" if kind in Question.CHOICE_KINDS else "scale_max"
                self.add_error(field, problem)
        if cleaned.get("scale_max") is None:
            cleaned["scale_max"] = 5
        return cleaned


class InvitationForm(PlainForm):
    count = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=invitations.BATCH_MAX,
        initial=50,
        help_text=_("From 1 to %(max)d at once. The codes are shown once only: print or download them now.")
        % {"max": invitations.BATCH_MAX},
    )
    version = VersionField()


class CodesForm(PlainForm):
    """The codes just made, posted back for their workbook (each checked against the survey's unused codes)."""

    codes = forms.CharField(widget=forms.HiddenInput, max_length=invitations.BATCH_MAX * 20)

    def code_list(self) -> list[str]:
        return rules.split_lines(self.cleaned_data["codes"])
