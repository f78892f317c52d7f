from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.forms import DATE_INPUT, PlainForm, PortalForm
from core.widgets import SearchablePicker

from .models import Section, Target, WorkPlan, WorkPoint


class WorkPlanForm(PortalForm):
    layout = Layout(
        "title",
        Row(Column("doc_number"), Column("issued_on")),
        Row(Column("issuer"), Column("signed_by")),
        "notice_title",
        "recipients",
        "notice_body",
        "preamble",
    )

    class Meta:
        model = WorkPlan
        fields = [
            "title",
            "doc_number",
            "issued_on",
            "issuer",
            "signed_by",
            "notice_title",
            "recipients",
            "notice_body",
            "preamble",
        ]
        widgets = {
            "issued_on": DATE_INPUT,
            "notice_body": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 8}),
        }


class SectionForm(PortalForm):
    class Meta:
        model = Section
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"body": _("Separate paragraphs with an empty line.")}


class WorkPointForm(PortalForm):
    layout = Layout(
        Row(Column("title", css_class="col-md-8"), Column("status")),
        "text",
        "progress_note",
        "units",
    )

    class Meta:
        model = WorkPoint
        fields = ["title", "status", "text", "progress_note", "units"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "progress_note": forms.Textarea(attrs={"rows": 4}),
            "units": SearchablePicker.for_rows(lambda unit: unit.full_name),
        }


class TargetForm(PortalForm):
    metric = forms.ChoiceField(label=_("How progress is counted"))
    layout = Layout(
        "name",
        "description",
        "metric",
        Row(Column("goal"), Column("stretch_goal"), Column("unit")),
        "work_point",
    )

    class Meta:
        model = Target
        fields = ["name", "description", "metric", "goal", "stretch_goal", "unit", "work_point"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metrics.choices(self.instance.metric)
        self.fields["work_point"].queryset = WorkPoint.objects.filter(section__plan=self.instance.plan)

    def clean(self):
        cleaned = super().clean()
        goal, stretch = cleaned.get("goal"), cleaned.get("stretch_goal")
        if goal is not None and goal <= 0:
            self.add_error("goal", _("The goal must be greater than zero."))
        if goal is not None and stretch is not None and stretch < goal:
            self.add_error("stretch_goal", _("The stretch goal cannot be below the goal."))
        return cleaned


class CopyPlanForm(PlainForm):
    year = forms.IntegerField(label=_("Year of the new plan"), min_value=2000, max_value=2100)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if WorkPlan.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a work plan for %(year)d.") % {"year": year})
        return year
