from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember
from core.forms import DATE_INPUT, MONTH_INPUT, PortalForm, VersionField, bound_fields

from . import rules
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


def _refuse_identifying(form, *names):
    for name in names:
        value = form.cleaned_data.get(name) or ""
        problem = rules.identifying_problem(value)
        if problem:
            form.add_error(name, problem)


class NeedForm(PortalForm):
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
        _refuse_identifying(self, "person_code", "description", "preferred_times", "notes")
        if data.get("scope") == Scope.PERSON and not (data.get("person_code") or "").strip():
            self.add_error("person_code", _("Give the code your college chose for the person."))
        if data.get("scope") == Scope.GROUP:
            data["person_code"] = ""
        else:
            data["group_size"] = 1
        return data


class ProposeForm(forms.Form):
    offer = forms.ModelChoiceField(queryset=Offer.objects.none(), label=_("Elder"))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Offer.objects.filter(active=True)
        bound_fields(self)


class PairActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("cancel", _("Cancel"))])
    version = VersionField()


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    feedback = forms.CharField(
        label=_("Feedback of the person or group"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()

    def clean(self):
        data = super().clean()
        _refuse_identifying(self, "feedback")
        return data


class SessionForm(PortalForm):
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

    def clean(self):
        data = super().clean()
        _refuse_identifying(self, "note", "follow_up")
        return data


class MaterialHelpForm(PortalForm):
    class Meta:
        model = MaterialHelp
        fields = ["given_on", "what", "people", "value"]
        widgets = {"given_on": DATE_INPUT}
        help_texts = {"what": _("In aggregate, e.g. winter clothes, study supplies; never who received them.")}

    layout = Layout(Row(Column("given_on"), Column("people"), Column("value")), "what")

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.college = college

    def clean(self):
        data = super().clean()
        _refuse_identifying(self, "what")
        return data


class OfferForm(PortalForm):
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
        if not data.get("member") and not (data.get("outside_name") or "").strip():
            self.add_error("member", _("Choose a committee member, or name a comrade from outside the school."))
        _refuse_identifying(self, "availability", "outside_affiliation")
        return data


class ProgrammeForm(PortalForm):
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


class MentorshipForm(PortalForm):
    class Meta:
        model = Mentorship
        fields = ["offer", "mentees", "mentee_count", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["offer"].queryset = Offer.objects.filter(active=True).select_related("member")

    def clean(self):
        data = super().clean()
        _refuse_identifying(self, "mentees", "goals")
        return data


class MeetingForm(PortalForm):
    class Meta:
        model = MentorMeeting
        fields = ["held_on", "minutes", "topic", "note"]
        widgets = {"held_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A meeting is logged once it has taken place."))
        return held_on

    def clean(self):
        data = super().clean()
        _refuse_identifying(self, "topic", "note")
        return data


class ElderSessionForm(SessionForm):
    """An elder's own talk or session (or the correction of a returned one, which carries its version)."""

    version = VersionField(required=False)

    layout = Layout(Row(Column("held_on"), Column("minutes"), Column("kind")), "note", "follow_up", Field("version"))


class ElderMeetingForm(MeetingForm):
    """An elder's own mentoring meeting (or the correction of a returned one, which carries its version)."""

    version = VersionField(required=False)


class LogReviewForm(forms.Form):
    """The college's buttons on an elder's record: confirm it, or return it with a reason."""

    action = forms.ChoiceField(
        choices=[
            ("confirm", pgettext_lazy("care record", "Confirm")),
            ("return", pgettext_lazy("care record", "Return")),
        ]
    )
    reason = forms.CharField(label=_("Reason for return"), max_length=300, required=False)
    version = VersionField()


class EvaluationForm(forms.Form):
    grade = forms.ChoiceField(label=_("Year-end evaluation"), choices=Grade.choices)
    evaluation = forms.CharField(
        label=_("Evaluation comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class MonthReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=MONTH_INPUT,
        input_formats=["%Y-%m"],
        help_text=_("The month whose care work becomes an activity report."),
    )


class NeedFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + NeedStatus.choices, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=NeedCategory.objects.all(), required=False, empty_label=_("All")
    )
    college = forms.ModelChoiceField(
        label=_("College"), queryset=College.objects.none(), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

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


class ProgrammeFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Programme"), choices=[("", _("All"))] + ProgrammeKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

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
