from decimal import Decimal

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.forms import EvidenceUploadForm
from core.forms import DATE_INPUT, PlainForm, PortalForm, VersionField, check_uploads
from core.text import fmt

from . import rules, workflow
from .assessments import MAX_DOCUMENTS_PER_INDICATOR, ScoreInput
from .models import Indicator, Mode, Scheme


def score_field(indicator: Indicator, *, label: str) -> forms.Field:
    """The input that fits the indicator's mode: a number up to the maximum, or one of its allowed values."""
    spec = indicator.spec()
    allowed = rules.allowed_values(spec)
    if allowed is not None:
        names = {
            rules.YES_NO: [pgettext_lazy("answer", "Yes"), pgettext_lazy("answer", "No")],
            rules.GRADED: ["A", "B", "C", "D"],
        }[spec.mode]
        choices = [("", "—")] + [(fmt(v), f"{name}（{fmt(v)}）") for name, v in zip(names, allowed, strict=True)]
        return forms.ChoiceField(label=label, choices=choices, required=False)
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=spec.max_points,
        decimal_places=2,
        max_digits=6,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )


class ScoresForm(PlainForm):
    """One score and one note per indicator; the self-assessment adds the evidence it links to."""

    version = VersionField()

    def __init__(self, *args, scores, score_attr, note_attr, reports=None, adopt_attr=None, **kwargs):
        """`adopt_attr` names the score that fills an empty one (the review adopting the self-assessed scores);
        it changes what the form starts with, and nothing is saved until the form is."""
        super().__init__(*args, **kwargs)
        self.scores = scores
        self.score_attr, self.note_attr = score_attr, note_attr
        # The self-assessment takes documents beside each indicator (`documents_<score id>`), checked on clean.
        self.takes_documents = reports is not None
        self.documents: dict = {}
        # Read once for all indicators: a queryset field would query again for every indicator it renders.
        report_choices = None if reports is None else [(r.pk, r.title) for r in reports.only("pk", "title")]
        for score in scores:
            indicator = score.indicator
            field = score_field(indicator, label=pgettext_lazy("field", "Score"))
            value = getattr(score, score_attr)
            if value is None and adopt_attr is not None:
                value = getattr(score, adopt_attr)
            self.fields[f"score_{score.pk}"] = field
            self.initial[f"score_{score.pk}"] = fmt(value) if value is not None else None
            self.fields[f"note_{score.pk}"] = forms.CharField(
                label=pgettext_lazy("field", "Note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial[f"note_{score.pk}"] = getattr(score, note_attr)
            if report_choices is not None:
                self.fields[f"reports_{score.pk}"] = forms.TypedMultipleChoiceField(
                    label=_("Activity reports as evidence"),
                    choices=report_choices,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                )
                self.initial[f"reports_{score.pk}"] = [r.pk for r in score.reports.all()]

    @property
    def extra_file_labels(self) -> list:
        """The documents' file inputs, drawn beside each indicator by the page (see `clean_documents`)."""
        return [pgettext_lazy("field", "Documents")] if self.takes_documents else []

    def rows(self):
        """(score, score field, note field, reports field) per indicator, for the template's table."""
        for score in self.scores:
            yield (
                score,
                self[f"score_{score.pk}"],
                self[f"note_{score.pk}"],
                self[f"reports_{score.pk}"] if f"reports_{score.pk}" in self.fields else None,
            )

    def score_inputs(self) -> dict:
        """The cleaned scores and notes, keyed by score id, as the service takes them."""
        return {
            score.pk: ScoreInput(self.cleaned_data[f"score_{score.pk}"], self.cleaned_data[f"note_{score.pk}"])
            for score in self.scores
        }

    def report_links(self) -> dict[int, list[int]]:
        """The reports linked to each score (keyed by score id); the field offered only linkable ones."""
        return {score.pk: self.cleaned_data[f"reports_{score.pk}"] for score in self.scores}

    def clean_documents(self) -> None:
        """The documents chosen beside each indicator, checked: {score: [checked file]}; a refused file is an
        error of the whole form (the inputs sit in the table, not under a field)."""
        for score in self.scores:
            uploads = self.files.getlist(f"documents_{score.pk}")[: MAX_DOCUMENTS_PER_INDICATOR + 1]
            checked = check_uploads(uploads)
            if checked:
                self.documents[score] = checked

    def clean(self):
        cleaned = super().clean()
        for score in self.scores:
            name = f"score_{score.pk}"
            raw = cleaned.get(name)
            if raw in (None, ""):
                cleaned[name] = None
                continue
            value = rules.parse_score(raw)
            problem = rules.score_problem(value, score.indicator.spec())
            if problem:
                self.add_error(name, problem)
            else:
                cleaned[name] = value
        if self.takes_documents:
            self.clean_documents()
        return cleaned


class SchemeForm(PortalForm):
    layout = Layout("title", Row(Column("total"), Column("threshold"), Column("self_assessment_deadline")))

    class Meta:
        model = Scheme
        fields = ["title", "total", "threshold", "self_assessment_deadline"]
        widgets = {"self_assessment_deadline": DATE_INPUT}


class IndicatorForm(PortalForm):
    class Meta:
        model = Indicator
        fields = ["order", "code", "name", "parent", "max_points", "is_key", "mode", "points_text", "evidence_hint"]
        widgets = {
            "points_text": forms.Textarea(attrs={"rows": 2}),
            "evidence_hint": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, scheme, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        parent = self.fields["parent"]
        parent.queryset = Indicator.objects.filter(scheme=scheme, parent__isnull=True).exclude(pk=self.instance.pk)
        # The choices are the scheme's groups, read once for the whole formset rather than once per row.
        parent.choices = [("", "---------"), *((g.pk, str(g)) for g in groups if g.pk != self.instance.pk)]
        self.fields["mode"].choices = Mode.choices


# A scheme has tens of indicators; the cap keeps a tampered form count from building thousands of forms.
MAX_INDICATORS = 100
IndicatorFormSet = forms.modelformset_factory(
    Indicator,
    form=IndicatorForm,
    extra=2,
    can_delete=True,
    max_num=MAX_INDICATORS,
    absolute_max=MAX_INDICATORS,
    validate_max=True,
)


class CopySchemeForm(PlainForm):
    year = forms.IntegerField(label=_("Year of the new scheme"), min_value=2000, max_value=2100)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Scheme.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a scheme for %(year)d.") % {"year": year})
        return year


class ImportForm(PlainForm):
    file = forms.FileField(
        label=_("Score sheet (.xlsx or .csv)"),
        help_text=_(
            "Columns: college code, indicator code, score, comment (name columns, as in the template, may sit "
            "between them). Every row is checked before anything is saved."
        ),
    )
    # Finalising shows each college its result, so it is a choice made for this import, never the default.
    finalise = forms.BooleanField(
        label=_("Finalise each college whose every indicator then has a reviewed score"),
        required=False,
        initial=False,
    )
    reopen_final = forms.BooleanField(
        label=_("Reopen colleges that are already final"),
        help_text=_(
            "Without this, a sheet with scores for a final college is refused and nothing is imported; with it, "
            "each such college is reopened and rescored, and finalised again only if the option above is ticked."
        ),
        required=False,
        initial=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The sheet is larger than 5 MB."))
        return upload


class AssessmentTransitionForm(PlainForm):
    action = forms.ChoiceField(choices=[(action, action) for action in workflow.WORKFLOW.transitions])
    comment = forms.CharField(required=False, max_length=2000)
    version = VersionField()


class DocumentUploadForm(EvidenceUploadForm):
    """Evidence documents for one indicator of the self-assessment, checked like report evidence."""

    def __init__(self, *args, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores_by_pk = {score.pk: score for score in scores}
        self.fields["score"] = forms.TypedChoiceField(choices=[(pk, pk) for pk in self.scores_by_pk], coerce=int)

    def clean_score(self):
        return self.scores_by_pk[self.cleaned_data["score"]]
