"""The base of the portal's model forms: crispy-forms renders each inside the shared form page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms


class PortalForm(forms.ModelForm):
    """A model form rendered by crispy-forms inside templates/form_page.html; `layout` arranges its fields."""

    layout: Layout | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        if self.layout is not None:
            self.helper.layout = self.layout


# The largest value every supported database stores in an integer column (PostgreSQL's `integer`).
MAX_DATABASE_INT = 2**31 - 1


class VersionField(forms.IntegerField):
    """The row version a page was rendered with, posted back so that a write can claim it (see the services).
    Bounded, so that a tampered value is a form error rather than a database overflow."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_DATABASE_INT)
        super().__init__(**kwargs)
