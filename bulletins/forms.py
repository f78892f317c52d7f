from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import MONTH_INPUT, PlainForm, VersionField

from .models import TEXT_MAX


class StartForm(PlainForm):
    month = forms.DateField(
        label=pgettext_lazy("field", "Month"),
        widget=MONTH_INPUT,
        input_formats=["%Y-%m"],
        help_text=_("The month whose work the bulletin reports; its first draft is written from the portal's data."),
    )


class BulletinForm(PlainForm):
    text = forms.CharField(
        label=pgettext_lazy("field", "Text"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("The first line is the title; a line such as 一、… is a heading; every other line a paragraph."),
    )
    version = VersionField()
