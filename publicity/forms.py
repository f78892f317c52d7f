import re

from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityReport, EvidenceKind
from colleges.models import College
from core.forms import DATE_INPUT, PlainForm, PortalForm, SafeModelMultipleChoiceField, VersionField, VersionForm
from core.uploads import MAX_ARCHIVE_BYTES, RejectedFile, check_zip_upload

from .models import AwardKind, NewsItem, Nomination, PublicNotice, Talk
from .workflow import WORKFLOW

_LINE_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line(value: str) -> str:
    if _LINE_BREAK_OR_CONTROL.search(value):
        raise forms.ValidationError(_("The title must be a single line, without line breaks or tabs."))
    return value


class PhotoChoice(SafeModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.original_name


class NewsForm(PortalForm):
    """A news item's title and text, and the photos of its report chosen for it with the people's consent."""

    photos = PhotoChoice(queryset=None, required=False, label=_("Photos to show"))
    consented = PhotoChoice(
        queryset=None,
        required=False,
        label=_("The people in these photos consented to publication"),
        help_text=_("Only a chosen photo whose people consented is ever shown on the public site."),
    )
    version = VersionField(required=False)

    class Meta:
        model = NewsItem
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, report: ActivityReport, **kwargs):
        super().__init__(*args, **kwargs)
        photos = report.evidence.filter(kind=EvidenceKind.PHOTO).order_by("uploaded_at", "pk")
        self.fields["photos"].queryset = photos
        self.fields["consented"].queryset = photos
        if self.instance.pk:
            chosen = list(self.instance.photos.all())
            self.fields["photos"].initial = [c.evidence_id for c in chosen]
            self.fields["consented"].initial = [c.evidence_id for c in chosen if c.consented]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["title"].initial = report.title

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])

    def clean(self):
        cleaned = super().clean()
        photos, consented = cleaned.get("photos"), cleaned.get("consented")
        if photos is not None and consented is not None and set(consented) - set(photos):
            self.add_error("consented", _("Record consent only for a photo you chose to show."))
        return cleaned


class NewsTransitionForm(VersionForm):
    action = forms.ChoiceField(choices=[(action, action) for action in WORKFLOW.transitions])
    comment = forms.CharField(required=False, max_length=2000)


class NoticeForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = PublicNotice
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])


class PublishForm(VersionForm):
    """A notice's publish (`publish` is "on") or unpublish (anything else) button."""

    publish = forms.CharField(required=False, widget=forms.HiddenInput)  # the button's own value, never typed

    def clean_publish(self) -> bool:
        return self.cleaned_data["publish"] == "on"


class TalkForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Talk
        fields = ["title", "speaker", "given_on", "place", "audience", "college", "summary", "published"]
        widgets = {"given_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 4})}

    layout = Layout(
        "title",
        Row(Column("speaker"), Column("given_on"), Column("college")),
        Row(Column("place"), Column("audience")),
        "summary",
        "published",
        Field("version"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = College.objects.active()
        self.fields["version"].initial = self.instance.version

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on.year < 2000 or given_on.year > 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return given_on


class NominationForm(PortalForm):
    version = VersionField(required=False)

    class Meta:
        model = Nomination
        fields = ["kind", "college", "nominee", "reasons"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        self.fields["version"].initial = self.instance.version
        if self.instance.pk:
            self.fields["college"].disabled = True

    def clean_nominee(self):
        return _one_line(self.cleaned_data["nominee"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AwardKind.INDIVIDUAL and not cleaned.get("nominee"):
            self.add_error("nominee", _("Name the person nominated as an outstanding individual."))
        if cleaned.get("kind") == AwardKind.COLLECTIVE:
            cleaned["nominee"] = ""
        return cleaned


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(
        choices=[
            ("approved", pgettext_lazy("button", "Approve")),
            ("declined", pgettext_lazy("button", "Decline")),
            ("proposed", _("Undecided")),
        ]
    )
    note = forms.CharField(required=False, max_length=2000)


class ArchiveCheckForm(PlainForm):
    """A year's archive (a .zip) to check against its own manifest: read during the request, never stored."""

    archive = forms.FileField(
        label=_("Archive to check"), widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].help_text = gettext(
            "The .zip file downloaded from this page (at most %(limit)s MB)."
        ) % {"limit": MAX_ARCHIVE_BYTES // (1024 * 1024)}

    def clean_archive(self):
        try:
            return check_zip_upload(self.cleaned_data["archive"])
        except RejectedFile as refusal:
            raise forms.ValidationError(refusal.message) from None
