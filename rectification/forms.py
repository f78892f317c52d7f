"""The forms of 整改: the college's plan, a progress note with its evidence, the workflow's buttons, staff's choice
of indicators, and the list's filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DATE_INPUT, MultipleFileField, PlainForm, PortalForm, VersionField
from core.text import fmt

from .models import ItemStatus, RectificationItem
from .services import MAX_FILES_PER_NOTE
from .workflow import ACCEPT, RETURN, SUBMIT


class PlanForm(PortalForm):
    version = VersionField()

    class Meta:
        model = RectificationItem
        fields = ["measures", "owner", "deadline"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 6}), "deadline": DATE_INPUT}
        help_texts = {
            "measures": _("What the college will do to reach full marks on this indicator, step by step."),
            "owner": _("The name of the person who answers for the rectification."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("measures", "owner", "deadline"):
            self.fields[name].required = True

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate() and deadline != self.instance.deadline:
            raise forms.ValidationError(_("Choose a deadline from today on."))
        return deadline


class NoteForm(PlainForm):
    text = forms.CharField(
        label=pgettext_lazy("rectification", "Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    on = forms.DateField(label=pgettext_lazy("field", "Date"), widget=DATE_INPUT)
    reports = forms.ModelMultipleChoiceField(
        label=_("Activity reports as evidence"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = MultipleFileField(
        label=pgettext_lazy("field", "Evidence files"), required=False, max_files=MAX_FILES_PER_NOTE
    )
    version = VersionField()

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = reports
        self.fields["reports"].label_from_instance = lambda r: (
            f"{r.starts_on:%Y-%m-%d} {r.title}（{r.get_status_display()}）"
        )
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("A progress note tells what has been done; its date cannot be after today."))
        return on


# A button posts its action: anything else is a tampered or truncated request.
class TransitionForm(PlainForm):
    action = forms.ChoiceField(choices=[(a, a) for a in (SUBMIT, ACCEPT, RETURN)])
    comment = forms.CharField(
        label=pgettext_lazy("review comment", "Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class ChooseIndicatorsForm(PlainForm):
    """Staff's choice among a final assessment's indicators below full marks, each with its gap."""

    indicators = forms.TypedMultipleChoiceField(
        label=_("Indicators to rectify"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, scores, taken, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for s in scores:
            gap = s.indicator.max_points - (s.final_score or 0)
            label = _("%(code)s %(name)s: %(score)s of %(max)s, %(gap)s short") % {
                "code": s.indicator.code,
                "name": s.indicator.name,
                "score": fmt(s.final_score or 0),
                "max": fmt(s.indicator.max_points),
                "gap": fmt(gap),
            }
            if s.indicator_id in taken:
                label = f"{label} · " + str(_("has an item already"))
            choices.append((s.indicator_id, label))
        self.fields["indicators"].choices = choices
        self.fields["indicators"].initial = sorted(taken)


BOOLEAN_CHOICES = [("", pgettext_lazy("filter", "All")), ("1", _("Overdue only"))]


class FilterForm(PlainForm):
    year = forms.TypedChoiceField(label=pgettext_lazy("field", "Year"), coerce=int, required=False, empty_value=None)
    college = forms.ChoiceField(label=pgettext_lazy("field", "College"), required=False)
    status = forms.ChoiceField(
        label=pgettext_lazy("field", "Status"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All")), *ItemStatus.choices],
    )
    overdue = forms.ChoiceField(
        label=pgettext_lazy("rectification", "Overdue"), required=False, choices=BOOLEAN_CHOICES
    )

    def __init__(self, *args, years, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # drawn one by one in a row of the list page (item_list.html)
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["year"].choices = [("", pgettext_lazy("filter", "All")), *((y, y) for y in years)]
        if colleges is None:
            del self.fields["college"]
        else:
            self.fields["college"].choices = [
                ("", pgettext_lazy("filter", "All")),
                *((c.code, c.name) for c in colleges),
            ]
