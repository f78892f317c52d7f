import re

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember
from core import metrics
from core.cache import cached
from core.forms import DATE_INPUT, LongSelect, MultipleFileField, PlainForm, PortalForm, VersionField
from core.keyset import DenseFilter
from core.search import contains
from core.uploads import MAX_FILES_PER_REPORT
from core.views import INCOMPLETE
from plans.models import WorkPlan, WorkPoint

from .models import Action, ActivityKind, ActivityReport, CollegeTally, Status
from .workflow import WORKFLOW


class HttpsURLField(forms.URLField):
    """A pasted address without a scheme is taken as https, as browsers do today."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


_LINE_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
PARTICIPANT_COUNTS = ("student_count", "teacher_count")


class ReportForm(PortalForm):
    """The report's content, for one college: the secretary's own, or the one staff chose to report for."""

    version = VersionField(required=False)

    class Meta:
        model = ActivityReport
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "place",
            "organiser",
            "student_count",
            "teacher_count",
            "members",
            "summary",
            "outcome",
            "news_url",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
        }
        help_texts = {"news_url": _("The address of the news post on the school or college website, if any.")}
        field_classes = {"news_url": HttpsURLField}

    layout = Layout(
        "kind",
        "title",
        Row(Column("starts_on"), Column("ends_on"), Column("place", css_class="col-md-6")),
        Row(Column("organiser", css_class="col-md-6"), Column("student_count"), Column("teacher_count")),
        InlineCheckboxes("members"),
        "summary",
        "outcome",
        "news_url",
        Field("version"),
    )

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.college = college
        current_kind = Q(pk=self.instance.kind_id) if self.instance.kind_id else Q(pk__in=[])
        self.fields["kind"].queryset = ActivityKind.objects.filter(Q(active=True) | current_kind)
        # Active members of the college, and anyone already named on this report even if they have left since.
        named = Q(pk__in=self.instance.members.values("pk")) if self.instance.pk else Q(pk__in=[])
        self.fields["members"].queryset = CommitteeMember.objects.filter(college=college).filter(
            Q(active=True) | named
        )
        self.fields["version"].initial = self.instance.version
        for count in PARTICIPANT_COUNTS:
            # Empty until someone types a number: a 0 that nobody entered must not pass for a headcount.
            self.fields[count].required = False
            self.fields[count].initial = None
            if not self.instance.pk:
                self.initial.pop(count, None)

    def clean_title(self):
        # A title becomes e-mail subjects and sheet cells; a browser's one-line box never sends a line break.
        title = self.cleaned_data["title"]
        if _LINE_BREAK_OR_CONTROL.search(title):
            raise forms.ValidationError(_("The title must be a single line, without line breaks or tabs."))
        return title

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        today = timezone.localdate()
        if starts_on and starts_on.year < 2000:
            self.add_error("starts_on", _("Enter a date in 2000 or later."))
        elif starts_on and starts_on > today:
            self.add_error(
                "starts_on", _("A report describes an activity that has taken place; it cannot start after today.")
            )
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        self._check_participants(cleaned)
        return cleaned

    def _check_participants(self, cleaned):
        if any(count in self.errors for count in PARTICIPANT_COUNTS):
            return
        for count in PARTICIPANT_COUNTS:
            if cleaned.get(count) is None:
                cleaned[count] = 0  # left empty: nobody of that group took part
        kind = cleaned.get("kind")
        if kind and kind.requires_participants and not any(cleaned[count] > 0 for count in PARTICIPANT_COUNTS):
            self.add_error(
                "student_count",
                _("Enter how many students or teachers took part: at least one of the two counts must be above 0."),
            )


# A button posts its action: anything else is a tampered or truncated request.
ACTION_ERRORS = {"required": INCOMPLETE, "invalid_choice": INCOMPLETE}


class TransitionForm(PlainForm):
    action = forms.ChoiceField(choices=[(a, a) for a in WORKFLOW.transitions], error_messages=ACTION_ERRORS)
    comment = forms.CharField(
        label=pgettext_lazy("review comment", "Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


REVIEW_ACTIONS = [Action.APPROVE, Action.RETURN]


class ReviewForm(TransitionForm):
    """The review page's buttons: approve or return."""

    action = forms.ChoiceField(choices=[(a, a) for a in REVIEW_ACTIONS], error_messages=ACTION_ERRORS)


class DeleteDraftForm(PlainForm):
    version = VersionField()


class EvidenceUploadForm(PlainForm):
    files = MultipleFileField(label=pgettext_lazy("field", "Evidence files"))

    def __init__(self, *args, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].required = not optional
        if optional:
            self.fields["files"].label = _("Add photos and files")
        self.fields["files"].help_text = _(
            "Photos (JPEG, PNG, WebP), PDF, Word or Excel; at most %(max)d files per report, each at most 20 MB."
        ) % {"max": MAX_FILES_PER_REPORT}
        self.fields["files"].error_messages["required"] = _("Choose at least one file.")


EVERY_CHOICE = pgettext_lazy("filter", "All")  # a filter's empty choice filters nothing


def report_years() -> list[int]:
    tallied = CollegeTally.objects.filter(reports__gt=0).order_by("-year").values_list("year", flat=True)
    return list(tallied.distinct())


class ReportFilterForm(PlainForm):
    """The list's filters; every field is optional and a bad value is reported, never a server error."""

    q = forms.CharField(label=pgettext_lazy("button", "Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=pgettext_lazy("field", "Year"), required=False, coerce=int, empty_value=None)
    college = forms.ModelChoiceField(
        label=pgettext_lazy("field", "College"),
        queryset=College.objects.none(),
        required=False,
        empty_label=EVERY_CHOICE,
        widget=LongSelect,
    )
    kind = forms.ModelChoiceField(
        label=pgettext_lazy("field", "Kind"),
        queryset=ActivityKind.objects.all(),
        required=False,
        empty_label=EVERY_CHOICE,
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("field", "Status"), choices=[("", EVERY_CHOICE), *Status.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    work_point = forms.ModelChoiceField(
        label=pgettext_lazy("field", "Work point"),
        queryset=WorkPoint.objects.none(),
        required=False,
        empty_label=EVERY_CHOICE,
    )

    def __init__(self, *args, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        # From the tallies (a row per year, college and status), not a DISTINCT over every report; cached with the
        # figures, as it changes only with them.
        years = cached("activities:report-years", report_years)
        self.fields["year"].choices = [("", pgettext_lazy("filter", "All")), *((year, year) for year in years)]
        self.fields["work_point"].queryset = WorkPoint.objects.select_related("section__plan").order_by(
            "-section__plan__year", "section__number", "order"
        )
        self.fields["work_point"].label_from_instance = lambda p: f"{p.section.plan.year} · {p.code} {p.title}"

    SEARCHED = ("title", "summary", "place")

    def filter(self, queryset, *, search: bool = True):
        """The reports the filters keep; with search=False, every filter but the text search."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"] and search:
            queryset = queryset.matching(data["q"], fields=self.SEARCHED)
        for field in ("college", "kind", "work_point"):
            if data[field]:
                queryset = queryset.filter(**{field: data[field]})
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["year"] is not None:
            queryset = queryset.of_year(data["year"])
        if data["date_from"]:
            queryset = queryset.filter(ends_on__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(starts_on__lte=data["date_to"])
        return queryset

    def dense_search(self, queryset) -> DenseFilter | None:
        """The text search as a dense filter for keyset pages (core.keyset.DenseFilter), if there is one."""
        if not self.is_valid() or not self.cleaned_data["q"]:
            return None
        return DenseFilter(self.filter(queryset, search=False), contains(self.cleaned_data["q"], self.SEARCHED))


class ActivityKindForm(PortalForm):
    work_point_code = forms.ChoiceField(label=pgettext_lazy("field", "Work point"), required=False)
    metric = forms.ChoiceField(label=_("Counts toward target"), required=False)

    class Meta:
        model = ActivityKind
        fields = [
            "name",
            "code",
            "work_point_code",
            "metric",
            "min_photos",
            "requires_document",
            "requires_participants",
            "order",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = WorkPoint.objects.filter(section__plan=WorkPlan.objects.first()).order_by("section__number", "order")
        codes = [(p.code, f"{p.code} {p.title}") for p in latest]
        if self.instance.work_point_code and self.instance.work_point_code not in dict(codes):
            codes.append((self.instance.work_point_code, self.instance.work_point_code))
        self.fields["work_point_code"].choices = [("", _("none")), *codes]
        self.fields["metric"].choices = [("", _("none")), *metrics.choices(self.instance.metric)]
