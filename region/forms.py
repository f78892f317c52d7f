"""The region's forms. Score sheets are built from the scheme's indicators; every field is bounded."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import (
    DATE_INPUT,
    DATETIME_INPUT,
    MultipleFileField,
    PlainForm,
    PortalForm,
    SafeModelChoiceField,
    VersionField,
)
from core.text import fmt
from core.widgets import PickerField, grouped
from scoring import rules as scoring_rules

from . import access, rules, workflow
from .models import Action, Meeting, Post, Region, SchoolIndicator, SchoolScheme
from .services.assignment import eligible_reviewers


class CharCountTextarea(forms.Textarea):
    """A textarea with the live character counter of static/js/region.js (characters, not bytes)."""

    def __init__(self, limit: int, attrs=None):
        super().__init__(attrs={"rows": 12, "data-max-chars": str(limit), **(attrs or {})})


def score_field(indicator: SchoolIndicator, label_prefix: str = "") -> forms.Field:
    """A number for points; the allowed scores to choose from for yes/no and graded indicators."""
    allowed = scoring_rules.allowed_values(indicator.spec())
    if allowed is not None:
        return forms.ChoiceField(
            label=f"{label_prefix}{indicator.code} {indicator.name}",
            required=False,
            choices=[("", "—"), *[(fmt(v), fmt(v)) for v in allowed]],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
    maximum = f"{pgettext_lazy('maximum points', 'max')} {indicator.max_points.normalize():f}"
    return forms.CharField(
        label=f"{label_prefix}{indicator.code} {indicator.name}（{maximum}）",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )


class ScoreSheetForm(PlainForm):
    """A score and a note per indicator; the scores are checked by the service against the scheme's rule."""

    version = VersionField()
    note_label = pgettext_lazy("field", "Note")

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(SchoolIndicator.objects.filter(scheme__region_id=region_id))
        for indicator in self.indicators:
            self.fields[f"score_{indicator.code}"] = score_field(indicator)
            self.fields[f"note_{indicator.code}"] = forms.CharField(
                label=f"{indicator.code} {self.note_label}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self):
        return [(i, self[f"score_{i.code}"], self[f"note_{i.code}"]) for i in self.indicators]

    def scores(self) -> dict:
        return {i.code: self.cleaned_data.get(f"score_{i.code}") for i in self.indicators}

    def notes(self) -> dict:
        return {i.code: self.cleaned_data.get(f"note_{i.code}") or "" for i in self.indicators}


def sheet_initial(scores: dict, notes: dict | None = None) -> dict:
    """A sheet's initial values from code → score (None is blank) and code → note."""
    initial = {f"score_{code}": "" if value is None else fmt(value) for code, value in scores.items()}
    initial.update({f"note_{code}": note for code, note in (notes or {}).items()})
    return initial


class ApplicationForm(ScoreSheetForm):
    note_label = _("Self-assessment note")
    report = forms.CharField(
        label=_("Written report (at most 2,000 characters)"),
        required=False,
        max_length=20000,  # the 2,000-character rule is the service's, with a message; this only bounds the post
        widget=CharCountTextarea(rules.REPORT_MAX_CHARS, attrs={"class": "form-control"}),
    )
    party_agreed_on = forms.DateField(
        label=_("Date the party committee agreed"),
        required=False,
        widget=DATE_INPUT,
    )

    def clean_report(self):
        report = rules.normalise_text(self.cleaned_data.get("report") or "")
        if rules.report_too_long(report):
            raise forms.ValidationError(
                _("The written report has %(count)d characters; at most %(max)d are allowed."),
                params={"count": rules.char_count(report), "max": rules.REPORT_MAX_CHARS},
            )
        return report


class ReviewForm(ScoreSheetForm):
    note_label = pgettext_lazy("review comment", "Comment")


class ResultForm(ScoreSheetForm):
    opinion = forms.CharField(
        label=pgettext_lazy("field", "Review opinion"),
        max_length=2000,
        widget=CharCountTextarea(2000, attrs={"class": "form-control", "rows": 5}),
    )


class ActionForm(PlainForm):
    version = VersionField()
    action = forms.CharField(max_length=20)
    comment = forms.CharField(required=False, max_length=2000)

    def clean_action(self):
        action = self.cleaned_data["action"]
        if action not in workflow.WORKFLOW.buttons:
            raise forms.ValidationError(_("This action is not available for this application."))
        return action

    def label(self) -> str:
        return Action(self.cleaned_data["action"]).label


class UploadForm(PlainForm):
    files = MultipleFileField(label=_("Upload files"))


class IndicatorForm(PortalForm):
    version = VersionField()

    class Meta:
        model = SchoolIndicator
        fields = ["group", "name", "points_text", "max_points", "is_key", "mode", "order", "evidence"]


class SchemeForm(PortalForm):
    version = VersionField()

    class Meta:
        model = SchoolScheme
        fields = ["title", "threshold"]


class RegionForm(PortalForm):
    class Meta:
        model = Region
        fields = ["name", "application_deadline"]
        widgets = {"application_deadline": DATE_INPUT}


class ReviewerChoice(PickerField):
    """The region's reviewers under their schools, found by name, account or school."""

    def __init__(self, **kwargs):
        super().__init__(
            group_by=lambda user: user.affiliation.institution.name,
            search_text=lambda user: f"{user.username} {user.affiliation.institution.short_name}",
            **kwargs,
        )

    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class RoundForm(PlainForm):
    deadline = forms.DateField(label=pgettext_lazy("field", "Deadline"), widget=DATE_INPUT)
    disagreement_points = forms.DecimalField(
        label=_("Disagreement threshold (points)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        initial=2,
    )
    reviewers_per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=10, initial=2
    )
    panel = ReviewerChoice(label=pgettext_lazy("field", "Panel"), queryset=None)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = access.reviewers_of(region)


def reviewer_name(user) -> str:
    return user.get_full_name() or user.username


class ReviewerSelect(SafeModelChoiceField):
    """One reviewer, by display name, under their school (a <select> with an <optgroup> per school)."""

    def label_from_instance(self, user):
        return reviewer_name(user)


def school_of_reviewer(user) -> str:
    return user.affiliation.institution.name


class ReviewerPickForm(PlainForm):
    """The lead picks one reviewer among `choices` (a queryset ordered by school): whom the page may offer."""

    version = VersionField()
    refusal = _("Choose a reviewer of the panel from another school.")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = ReviewerSelect(
            label=pgettext_lazy("field", "Reviewer"),
            queryset=choices,
            empty_label="—",
            error_messages={"required": self.refusal, "invalid_choice": self.refusal},
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["reviewer"] = grouped(field, school_of_reviewer)


class ReassignForm(ReviewerPickForm):
    """Another reviewer for a review not yet submitted: the panel's eligible ones only."""

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, choices=eligible_reviewers(assignment.round, assignment.application), **kwargs)


class PanelAddForm(ReviewerPickForm):
    refusal = _("Choose a reviewer of a member school who is not on the panel yet.")

    def __init__(self, *args, review_round, **kwargs):
        choices = access.reviewers_of(review_round.region).exclude(region_rounds=review_round)
        super().__init__(*args, choices=choices, **kwargs)


class PublishAllForm(PlainForm):
    """The results the page listed, each with the version shown: "12:3,14:5"."""

    versions = forms.CharField(max_length=20000, widget=forms.HiddenInput)

    def clean_versions(self) -> dict[int, int]:
        versions = {}
        for item in self.cleaned_data["versions"].split(","):
            pk, _sep, version = item.partition(":")
            if not (
                pk.isascii()
                and version.isascii()
                and pk.isdigit()
                and version.isdigit()
                and len(pk) < 10
                and len(version) < 10
            ):
                raise forms.ValidationError(_("The request was incomplete; nothing was changed. Please try again."))
            versions[int(pk)] = int(version)
        return versions


class WorkReportForm(PlainForm):
    version = VersionField(required=False)
    text = forms.CharField(label=_("Region work report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 20}))


class MeetingForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "title", "starts_at", "place", "host", "agenda", "minutes", "decisions"]
        widgets = {"starts_at": DATETIME_INPUT}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = region.members.all()


class PostForm(PortalForm):
    files = MultipleFileField(label=_("Photos and files"), required=False)

    class Meta:
        model = Post
        fields = ["title", "body"]


class CommentForm(PlainForm):
    body = forms.CharField(
        label=pgettext_lazy("board comment", "Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerateForm(PlainForm):
    CHANGES = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "remove": {"removed": True},
        "restore": {"removed": False},
    }
    version = VersionField()
    action = forms.ChoiceField(choices=[(action, action) for action in CHANGES])

    def changes(self) -> dict[str, bool]:
        return self.CHANGES[self.cleaned_data["action"]]


class AttendanceForm(PlainForm):
    """Per member school: attended (a checkbox) and who came (cut to 200 characters by the service)."""

    version = VersionField()

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = [row.institution_id for row in meeting.attendance.all()]
        for school in self.schools:
            self.fields[f"attended_{school}"] = forms.BooleanField(required=False)
            self.fields[f"attendees_{school}"] = forms.CharField(required=False, strip=False)

    def rows(self) -> dict[int, tuple[bool, str]]:
        return {
            school: (self.cleaned_data[f"attended_{school}"], self.cleaned_data[f"attendees_{school}"])
            for school in self.schools
        }


def visitor_label(user) -> str:
    return f"{reviewer_name(user)}（{school_of_reviewer(user)}）"


class VisitForm(PlainForm):
    """An on-site visit: the day, the visitors (the panel's reviewers of other schools), the agenda."""

    version = VersionField(required=False)
    visit_on = forms.DateField(label=pgettext_lazy("field", "Visit date"), widget=DATE_INPUT)
    visitors = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("field", "Visiting reviewers"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("The visitors must be reviewers of the panel from other schools.")},
    )
    agenda = forms.CharField(
        label=pgettext_lazy("field", "Visit agenda"), max_length=2000, widget=CharCountTextarea(2000, {"rows": 5})
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitors"].queryset = choices
        self.fields["visitors"].label_from_instance = lambda user: (
            f"{reviewer_name(user)}（{school_of_reviewer(user)}）"
        )


class FindingsForm(PlainForm):
    version = VersionField()
    findings = forms.CharField(
        label=_("What the visitors found"), max_length=4000, widget=CharCountTextarea(4000, {"rows": 8})
    )
