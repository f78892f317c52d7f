"""The forms of a survey's results: the filter by college and group (and a text question, for the free text),
and the 调研报告's text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import NoIdentityMixin, PlainForm, VersionField

from .models import Question, Survey

EVERY = pgettext_lazy("filter", "All")


class ResultsFilterForm(PlainForm):
    """A GET filter: a college among those the survey counts (none to choose for a reader of one college) and a
    group among those asked; 全部 as the empty choice."""

    college = forms.TypedChoiceField(
        label=pgettext_lazy("field", "College"), required=False, coerce=int, empty_value=None
    )
    group = forms.ChoiceField(label=pgettext_lazy("field", "Group"), required=False)

    def __init__(self, data, *, survey: Survey, colleges: list, fixed_college: int | None):
        super().__init__(data)
        if fixed_college is None:
            self.fields["college"].choices = [("", EVERY)] + [(row.key, row.label) for row in colleges if row.key]
        else:
            del self.fields["college"]
        groups = survey.group_list()
        self.fields["group"].choices = [("", EVERY)] + [(group, group) for group in groups]

    def cut(self) -> tuple[int | None, str]:
        """The chosen college and group, none of either when the filter is not valid."""
        if not self.is_valid():
            return None, ""
        return self.cleaned_data.get("college"), self.cleaned_data.get("group") or ""


class FreeTextFilterForm(ResultsFilterForm):
    question = forms.TypedChoiceField(
        label=pgettext_lazy("field", "Question"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, questions: list[Question], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["question"].choices = [(q.pk, q.text) for q in questions]


class ReportForm(NoIdentityMixin, PlainForm):
    text = forms.CharField(
        label=pgettext_lazy("page", "Survey report"),
        max_length=Survey._meta.get_field("report").max_length,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "The first line is the title; a line such as “一、调研概况” is a heading. Write no phone or ID number."
        ),
    )
    version = VersionField()
