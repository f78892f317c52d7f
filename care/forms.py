from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember
from core.forms import DATE_INPUT, MONTH_INPUT, NoIdentityMixin, PlainForm, PortalForm, VersionField, bound_fields
from core.widgets import group_by_college, grouped

from .models import (
    CareSession,
    Grade,
    MaterialHelp,
    MentorMeeting,
    Mentorship,
    Need,
    NeedCategory,
    NeedStatus,
    Offer,
    Outcome,
    Programme,
    ProgrammeKind,
    Scope,
)
from .services import needs

# Care's records describe people: every form below that takes typed text is a NoIdentityMixin, so none of its
# free-text fields holds an ID or a phone number (tests/core/test_personal_notes.py checks each).


class NeedForm(NoIdentityMixin, PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Need
        fields = needs.EDITABLE_FIELDS  # what an edit may change is the service's rule
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "description": _(
                "What help is needed. Do not write a name, an ID number or a phone number: the form refuses them."
            )
        }

    layout = Layout(
        Row(Column("category"), Column("scope"), Column("urgency")),
        Row(Column("person_code"), Column("group_size")),
        "description",
        Row(Column("campus"), Column("preferred_times")),
        "notes",
        Field("version"),
    )

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.college = college
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True) | NeedCategory.objects.filter(
            pk=self.instance.category_id or 0
        )

    def clean(self):
        data = super().clean()
        code_missing = not self.has_error("person_code") and not (data.get("person_code") or "").strip()
        if data.get("scope") == Scope.PERSON and code_missing:
            self.add_error("person_code", _("Give the code your college chose for the person."))
        if data.get("scope") == Scope.GROUP:
            data["person_code"] = ""
        else:
            data["group_size"] = 1
        return data


class ProposeForm(PlainForm):
    offer = forms.ModelChoiceField(queryset=Offer.objects.none(), label=pgettext_lazy("field", "Elder"))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Offer.objects.filter(active=True)
        bound_fields(self)


class PairActionForm(PlainForm):
    action = forms.ChoiceField(
        choices=[("confirm", pgettext_lazy("button", "Confirm")), ("cancel", pgettext_lazy("button", "Cancel"))]
    )
    version = VersionField()


class CloseForm(NoIdentityMixin, PlainForm):
    outcome = forms.ChoiceField(label=pgettext_lazy("pair outcome", "Outcome"), choices=Outcome.choices)
    feedback = forms.CharField(
        label=_("Feedback of the person or group"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class SessionForm(NoIdentityMixin, PortalForm):
    class Meta:
        model = CareSession
        fields = ["held_on", "minutes", "kind", "note", "follow_up"]
        widgets = {"held_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    layout = Layout(Row(Column("held_on"), Column("minutes"), Column("kind")), "note", "follow_up")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A session is logged once it has taken place."))
        return held_on


class MaterialHelpForm(NoIdentityMixin, PortalForm):
    class Meta:
        model = MaterialHelp
        fields = ["given_on", "what", "people", "value"]
        widgets = {"given_on": DATE_INPUT}
        help_texts = {"what": _("In aggregate, e.g. winter clothes, study supplies; never who received them.")}

    layout = Layout(Row(Column("given_on"), Column("people"), Column("value")), "what")

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.college = college


class OfferForm(NoIdentityMixin, PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Offer
        fields = [
            "member",
            "outside_name",
            "outside_affiliation",
            "areas",
            "campus",
            "availability",
            "capacity",
            "active",
            "user",
        ]
        widgets = {"areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, members, may_keep_outside: bool, elder_users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        grouped(self.fields["member"], group_by_college)
        self.fields["member"].required = not may_keep_outside
        self.fields["areas"].queryset = NeedCategory.objects.filter(active=True)
        self.fields["user"].queryset = elder_users
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.username
        if not may_keep_outside:
            del self.fields["outside_name"]
            del self.fields["outside_affiliation"]
            self.helper = FormHelper(self)  # laid out again without the fields only staff keep
            self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        name_missing = not self.has_error("outside_name") and not (data.get("outside_name") or "").strip()
        if not data.get("member") and name_missing:
            self.add_error("member", _("Choose a committee member, or name a comrade from outside the school."))
        return data


class ProgrammeForm(NoIdentityMixin, PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Programme
        fields = ["kind", "year", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, college: College | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.college = college

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year


class MentorshipForm(NoIdentityMixin, PortalForm):
    class Meta:
        model = Mentorship
        fields = ["offer", "mentees", "mentee_count", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["offer"].queryset = Offer.objects.filter(active=True).select_related("member", "college")
        grouped(self.fields["offer"], group_by_college)


class MeetingForm(NoIdentityMixin, PortalForm):
    class Meta:
        model = MentorMeeting
        fields = ["held_on", "minutes", "topic", "note"]
        widgets = {"held_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A meeting is logged once it has taken place."))
        return held_on


class ElderSessionForm(SessionForm):
    """An elder's own talk or session (or the correction of a returned one, which carries its version)."""

    version = VersionField(required=False)

    layout = Layout(Row(Column("held_on"), Column("minutes"), Column("kind")), "note", "follow_up", Field("version"))


class ElderMeetingForm(MeetingForm):
    """An elder's own mentoring meeting (or the correction of a returned one, which carries its version)."""

    version = VersionField(required=False)


class LogReviewForm(NoIdentityMixin, PlainForm):
    """The college's buttons on an elder's record: confirm it, or return it with a reason."""

    action = forms.ChoiceField(
        choices=[
            ("confirm", pgettext_lazy("care record", "Confirm")),
            ("return", pgettext_lazy("care record", "Return")),
        ]
    )
    reason = forms.CharField(label=_("Reason for return"), max_length=300, required=False)
    version = VersionField()


class EvaluationForm(NoIdentityMixin, PlainForm):
    grade = forms.ChoiceField(label=pgettext_lazy("field", "Year-end evaluation"), choices=Grade.choices)
    evaluation = forms.CharField(
        label=_("Evaluation comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class MonthReportForm(PlainForm):
    month = forms.DateField(
        label=pgettext_lazy("field", "Month"),
        widget=MONTH_INPUT,
        input_formats=["%Y-%m"],
        help_text=_("The month whose care work becomes an activity report."),
    )


class NeedFilterForm(PlainForm):
    status = forms.ChoiceField(
        label=pgettext_lazy("field", "Status"),
        choices=[("", pgettext_lazy("filter", "All"))] + NeedStatus.choices,
        required=False,
    )
    category = forms.ModelChoiceField(
        label=pgettext_lazy("field", "Category"),
        queryset=NeedCategory.objects.all(),
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    college = forms.ModelChoiceField(
        label=pgettext_lazy("field", "College"),
        queryset=College.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    year = forms.IntegerField(label=pgettext_lazy("field", "Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        bound_fields(self)

    def filter(self, needs):
        if not self.is_valid():
            return needs.none()
        data = self.cleaned_data
        if data["status"]:
            needs = needs.filter(status=data["status"])
        if data["category"]:
            needs = needs.filter(category=data["category"])
        if data["college"]:
            needs = needs.filter(college=data["college"])
        if data["year"]:
            needs = needs.filter(year=data["year"])
        return needs


class ProgrammeFilterForm(PlainForm):
    kind = forms.ChoiceField(
        label=pgettext_lazy("field", "Programme"),
        choices=[("", pgettext_lazy("filter", "All"))] + ProgrammeKind.choices,
        required=False,
    )
    year = forms.IntegerField(label=pgettext_lazy("field", "Year"), required=False, min_value=2000, max_value=2100)

    def filter(self, programmes):
        if not self.is_valid():
            return programmes.none()
        data = self.cleaned_data
        if data["kind"]:
            programmes = programmes.filter(kind=data["kind"])
        if data["year"]:
            programmes = programmes.filter(year=data["year"])
        return programmes


def members_for(access_college_id: int | None):
    members = CommitteeMember.objects.filter(active=True).select_related("college")
    return members.filter(college_id=access_college_id) if access_college_id else members
