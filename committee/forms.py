from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember, MemberUnit
from core.forms import DATE_INPUT, MultipleFileField, PlainForm, PortalForm, VersionField

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


class NoticeForm(PortalForm):
    colleges = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("page", "Colleges"),
        queryset=College.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the notice goes to chosen colleges."),
    )
    units = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("page", "Member units"),
        queryset=MemberUnit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the notice goes to chosen member units."),
    )
    files = files_field(pgettext_lazy("field", "Attachments"))

    class Meta:
        model = Notice
        fields = ["title", "body", "audience", "colleges", "units", "reply", "deadline", "public"]
        widgets = {"deadline": DATE_INPUT, "body": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.COLLEGES and not data.get("colleges"):
            self.add_error("colleges", _("Choose at least one college."))
        if audience == Audience.UNITS and not data.get("units"):
            self.add_error("units", _("Choose at least one member unit."))
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
            "colleges_present": forms.CheckboxSelectMultiple,
            "units_present": forms.CheckboxSelectMultiple,
        }


class DecisionForm(PlainForm):
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    colleges = forms.ModelMultipleChoiceField(
        label=_("Follow-up by colleges"),
        queryset=College.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Follow-up by member units"),
        queryset=MemberUnit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=pgettext_lazy("field", "Due on"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if (data.get("colleges") or data.get("units")) and not data.get("due_on"):
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
    attendees = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("training attendance", "Attended"),
        queryset=CommitteeMember.objects.filter(active=True, college__active=True).select_related("college"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].label_from_instance = lambda m: f"{m.college.short_name} · {m}"


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
