"""The 谈心屋's forms: the student's message, reply and code (public, no account), the college's answer and the
school's settings. Every free text refuses an ID number and a phone number (core.forms.NoIdentityMixin), but for
the student's own contact, which may be their phone and never an ID number."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NoIdentityMixin, PlainForm, PortalForm, VersionField
from core.identity import find_identity, identity_problem
from core.widgets import SearchablePicker, college_words

from . import guard
from .models import CONTACT_MAX, MESSAGE_MAX, TalkSettings

MESSAGE_MIN = 5

CHALLENGE_ERRORS = {
    "wrong": _("The answer to the question is not right. Please try again."),
    "expired": _("The question has expired. Please answer the new one."),
    "used": _("This form was already sent once. If it went through, use your code to read the answers."),
}


def message_field(label):
    return forms.CharField(
        label=label,
        min_length=MESSAGE_MIN,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX}),
        help_text=_(
            "At most %(max)d characters. Please write no phone or ID number here, not even another person's: "
            "your own way to be reached has its own field."
        )
        % {"max": MESSAGE_MAX},
    )


class ChallengeMixin:
    """A sum written in Chinese (talkroom.guard): the question is shown, its signed token travels hidden. A form
    shown again after an error asks a new question (`fresh_challenge`): the one answered may have been used."""

    def add_challenge(self):
        question, token = guard.new_challenge()
        self.fields["challenge"] = forms.CharField(widget=forms.HiddenInput, max_length=400, initial=token)
        self.fields["answer"] = forms.CharField(
            label=_("Question: %(question)s") % {"question": question},
            max_length=10,
            help_text=_("Write the answer in digits or in Chinese; it shows that a person is writing."),
        )

    def fresh_challenge(self):
        question, token = guard.new_challenge()
        self.fields["answer"].label = _("Question: %(question)s") % {"question": question}
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge"] = token
            self.data["answer"] = ""
        self.fields["challenge"].initial = token

    def clean(self):
        cleaned = super().clean()
        if not self.errors and "answer" in cleaned:
            problem = guard.check_answer(cleaned.get("challenge", ""), cleaned["answer"])
            if problem:
                self.add_error("answer", CHALLENGE_ERRORS[problem])
        return cleaned


class MessageForm(ChallengeMixin, NoIdentityMixin, PlainForm):
    text = message_field(_("What is on your mind"))
    anonymous = forms.BooleanField(label=_("Stay anonymous (leave no way to reach me)"), required=False, initial=True)
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        max_length=CONTACT_MAX,
        required=False,
        help_text=_("Your own phone, e-mail, QQ or WeChat, only if you want the college to reach you."),
    )
    elder_consent = forms.BooleanField(
        label=_("I agree that an elder (a retired teacher of the committee) may talk with me"), required=False
    )
    identity_exempt = {
        "contact": "the student's own phone, QQ or WeChat, given by choice; an ID number is refused in clean",
        "challenge": "a signed token of the challenge, made by the portal, never typed",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_challenge()

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        found = find_identity(contact)
        if found is not None and found.kind == "id":
            raise forms.ValidationError(identity_problem(contact))
        return contact

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous") and cleaned.get("contact"):
            self.add_error("contact", _("You chose to stay anonymous: leave this empty, or untick anonymous."))
        return cleaned


class ReplyForm(NoIdentityMixin, PlainForm):
    text = message_field(_("Write your reply"))


class CodeForm(ChallengeMixin, NoIdentityMixin, PlainForm):
    code = forms.CharField(
        label=_("Your private code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    identity_exempt = {
        "code": "the private code the portal gave the student: random letters and digits, not about a person",
        "challenge": "a signed token of the challenge, made by the portal, never typed",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_challenge()


class AnswerForm(NoIdentityMixin, PlainForm):
    text = message_field(_("The college's answer"))
    version = VersionField()


class TalkSettingsForm(NoIdentityMixin, PortalForm):
    identity_exempt = {
        "help_lines": "the help lines' public numbers, kept by staff: about no person",
        "harm_words": "words to look for, kept by staff: about no person",
        "closed_message": "a notice to every visitor written by staff: about no person",
    }
    version = VersionField(required=False)

    class Meta:
        model = TalkSettings
        fields = ["open", "closed_colleges", "closed_message", "harm_words", "help_lines"]
        widgets = {"closed_colleges": SearchablePicker.for_rows(college_words)}
