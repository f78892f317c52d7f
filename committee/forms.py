from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember, MemberUnit
from core.forms import DATE_INPUT, MultipleFileField, PlainForm, PortalForm, VersionField
from core.widgets import PickerField, SearchablePicker, college_words

from .models import (
    Audience,
    Meeting,
    Notice,
    RatingLevel,
    TrainingClass,
    TrainingSession,
    UnitReport,
)
from .services.common import MAX_FILES

FILES_HELP = _("Photos (JPEG, PNG, WebP), PDF, Word or Excel; each at most 20 MB.")


def files_field(label, required=False):
    field = MultipleFileField(label=label, required=required, help_text=FILES_HELP, max_files=MAX_FILES)
    field.error_messages["required"] = _("Choose at least one file.")
    return field


class RecipientsField(forms.MultipleChoiceField):
    """Colleges and member units in one picker, each kind a group (a notice, a decision's follow-up may go to
    both): posted as college-<pk> and unit-<pk>, cleaned to (colleges, units). The form calls `load()` for its own
    copy of the field, so that the choices are the school's as the page is drawn."""

    widget = SearchablePicker

    def load(self) -> None:
        colleges = {f"college-{college.pk}": college for college in College.objects.active()}
        units = {f"unit-{unit.pk}": unit for unit in MemberUnit.objects.all()}
        self.colleges, self.units = colleges, units
        self.choices = [
            (pgettext_lazy("page", "Colleges"), [(key, college.name) for key, college in colleges.items()]),
            (pgettext_lazy("page", "Member units"), [(key, unit.name) for key, unit in units.items()]),
        ]
        words = {key: college_words(college) for key, college in colleges.items()}
        words |= {key: unit.full_name for key, unit in units.items()}
        self.widget.search_text = lambda value, _label: words.get(value, "")

    def clean(self, value):
        chosen = super().clean(value)
        return [self.colleges[key] for key in chosen if key in self.colleges], [
            self.units[key] for key in chosen if key in self.units
        ]


class NoticeForm(PortalForm):
    recipients = RecipientsField(
        label=pgettext_lazy("field", "Recipients"),
        required=False,
        help_text=_(
            "The chosen colleges and member units, together in one notice. With “All colleges”, the member units "
            "ticked here receive it as well."
        ),
    )
    files = files_field(pgettext_lazy("field", "Attachments"))

    class Meta:
        model = Notice
        fields = ["title", "body", "audience", "recipients", "reply", "deadline", "public"]
        widgets = {"deadline": DATE_INPUT, "body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].load()

    def clean(self):
        data = super().clean()
        colleges, units = data.get("recipients") or ([], [])
        if data.get("audience") == Audience.CHOSEN and not (colleges or units):
            self.add_error("recipients", _("Choose at least one college or member unit."))
        if data.get("deadline") and data.get("reply") == "none":
            self.add_error("deadline", _("A deadline is for a notice that asks for a reply."))
        return data


class NoticeEditForm(PortalForm):
    version = VersionField()

    class Meta:
        model = Notice
        fields = ["title", "body", "reply", "deadline", "public"]
        widgets = {"deadline": DATE_INPUT, "body": forms.Textarea(attrs={"rows": 8})}


class ButtonForm(PlainForm):
    """A button that posts nothing but its CSRF token (removing a piece of evidence)."""


class FilesForm(PlainForm):
    files = files_field(_("Files to add"), required=True)


class ReplyForm(PlainForm):
    text = forms.CharField(
        label=pgettext_lazy("field", "Your reply"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = files_field(_("Files to add"))
    version = VersionField()


class MeetingForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "held_on",
            "place",
            "agenda",
            "minutes",
            "colleges_present",
            "units_present",
            "other_attendees",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
            "colleges_present": SearchablePicker.for_rows(college_words),
            "units_present": SearchablePicker.for_rows(lambda unit: unit.full_name),
        }


class DecisionForm(PlainForm):
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = RecipientsField(label=_("Follow-up by"), required=False)
    due_on = forms.DateField(label=pgettext_lazy("field", "Due on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].load()

    def clean(self):
        data = super().clean()
        colleges, units = data.get("follow_up") or ([], [])
        if (colleges or units) and not data.get("due_on"):
            self.add_error("due_on", _("A follow-up task needs a due date."))
        return data


class TaskDoneForm(PlainForm):
    note = forms.CharField(label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField()


class TrainingForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = TrainingClass
        fields = ["title", "year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SessionForm(PortalForm):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "topic", "hours"]
        widgets = {"held_on": DATE_INPUT}


class AttendanceForm(PlainForm):
    """Who attended a session: the committees' members, under their colleges, found by name or college."""

    attendees = PickerField(
        label=pgettext_lazy("training attendance", "Attended"),
        queryset=CommitteeMember.objects.filter(active=True, college__active=True)
        .select_related("college")
        .order_by("college__order", "college__name", "college_id", "name"),
        group_by=lambda member: member.college.name,
        search_text=lambda member: college_words(member.college),
        required=False,
    )
    version = VersionField()


class UnitReportForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = UnitReport
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"text": _("How the unit carried out each of its duties this year, with figures.")}


class UnitTransitionForm(PlainForm):
    action = forms.ChoiceField(choices=[("submit", _("Submit")), ("return", pgettext_lazy("button", "Return"))])
    comment = forms.CharField(required=False, max_length=2000, label=_("Reason"))
    version = VersionField()


class RatingForm(PlainForm):
    rating = forms.ModelChoiceField(label=pgettext_lazy("field", "Rating"), queryset=RatingLevel.objects.all())
    comment = forms.CharField(
        label=pgettext_lazy("review comment", "Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()
