"""The forms of a person's own settings and of the chat groups' robots."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College
from core.forms import PlainForm, PortalForm, SafeModelChoiceField, VersionField, bound_fields
from core.outbound import AddressRefused

from .models import EmailChoice, GroupWebhook, NoticeKind
from .webhooks import robot_address

MOBILE = re.compile(r"1[3-9]\d{9}")


class MySettingsForm(PlainForm):
    """Name, e-mail address, mobile number, and per kind of notification how e-mail should tell the person."""

    name = forms.CharField(label=pgettext_lazy("person name", "Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("A new address takes effect once you open the confirmation link sent to it."),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_(
            "11 digits, used by the committee office to reach you. Never shown in full: leave empty to keep it."
        ),
    )
    clear_mobile = forms.BooleanField(label=_("Remove my mobile number"), required=False)
    version = VersionField()

    def __init__(self, *args, choices: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        for kind, label in NoticeKind.choices:
            self.fields[f"email_{kind}"] = forms.ChoiceField(
                label=label,
                choices=EmailChoice.choices,
                initial=choices.get(kind, EmailChoice.NOW),
                widget=forms.RadioSelect,
            )
        bound_fields(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_mobile(self):
        mobile = re.sub(r"[\s-]", "", self.cleaned_data["mobile"])
        if mobile.startswith("+86"):
            mobile = mobile[3:]
        if mobile and not MOBILE.fullmatch(mobile):
            raise forms.ValidationError(_("Please enter an 11-digit mainland mobile number starting with 1."))
        return mobile

    def kind_fields(self):
        return [self[f"email_{kind}"] for kind in NoticeKind.values]

    def email_choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"email_{kind}"] for kind in NoticeKind.values}


class GroupWebhookForm(PortalForm):
    """A robot's address and secret are asked for, never shown: left empty on an edit, they stay as they were."""

    url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Copied from the group's robot settings, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… "
            "or https://oapi.dingtalk.com/robot/send?access_token=…. It is stored encrypted and never shown again."
        ),
    )
    url.keeps_controls = True  # the address check refuses a pasted control character; never stripped
    secret = forms.CharField(
        label=_("Signing secret (DingTalk 加签)"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Only for a DingTalk robot with 加签; starts with SEC. Leave empty to keep the saved one."),
    )
    version = VersionField(required=False)

    class Meta:
        model = GroupWebhook
        fields = ["college", "platform", "active"]
        field_classes = {"college": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = College.objects.order_by("order", "name")
        self.fields["college"].empty_label = _("Committee office (the whole school)")
        self.fields["college"].required = False
        if self.instance.pk:
            self.fields["url"].help_text = _("Saved (%(hint)s). Leave empty to keep it.") % {
                "hint": self.instance.hint
            }
            self.fields["version"].initial = self.instance.version

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url:
            if self.instance.pk is None:
                raise forms.ValidationError(_("Please paste the robot's webhook address."))
            return ""
        try:
            # The same check as before every message (notifications.webhooks), kept in its normal form.
            return robot_address(url, self.cleaned_data.get("platform", ""))
        except AddressRefused:
            raise forms.ValidationError(
                _(
                    "This is not a WeCom or DingTalk robot address of the chosen platform "
                    "(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… or "
                    "https://oapi.dingtalk.com/robot/send?access_token=…). Paste it again exactly as the robot's "
                    "settings show it."
                )
            ) from None

    def clean(self):
        cleaned = super().clean()
        moved = self.instance.pk and cleaned.get("platform") not in (None, self.instance.platform)
        if moved and not cleaned.get("url") and "url" not in self.errors:
            # The saved address belongs to the other platform: every message would be refused.
            self.add_error("url", _("Please paste the new platform's robot address."))
        return cleaned

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if secret and not re.fullmatch(r"[A-Za-z0-9+/=_-]{8,200}", secret):
            raise forms.ValidationError(_("The secret has characters a DingTalk secret never has."))
        return secret
