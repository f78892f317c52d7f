"""The base of the portal's forms: crispy-forms renders each inside the shared form page, and every field is
bounded so that hostile input is a form error, never a database error."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .identity import no_identity
from .uploads import MAX_FILES_PER_REPORT, CheckedFile, RejectedFile, check_upload


class PortalForm(forms.ModelForm):
    """A model form rendered by crispy-forms inside templates/form_page.html; `layout` arranges its fields.

    Its fields are bounded by `bound_fields` (below), so no posted value reaches the database beyond what a
    column can store."""

    layout: Layout | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        if self.layout is not None:
            self.helper.layout = self.layout


class PlainForm(forms.Form):
    """A form that is not a model's (a button's comment, a filter, an import): bounded like `PortalForm`.
    Every form of the portal extends one of the two (tests/core/test_form_bounds.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)


# Text fields whose value has a format of its own, so that no one writes a note in them.
_FORMATTED_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.UUIDField, forms.JSONField)


def is_free_text(field: forms.Field) -> bool:
    """Whether a form field takes whatever a person types (a CharField without a format of its own)."""
    return isinstance(field, forms.CharField) and not isinstance(field, _FORMATTED_TEXT)


class NoIdentityMixin:
    """A form of an app that holds personal notes (care; later the students' voice): every free-text field refuses
    an ID or a phone number (core.identity), including fields added in `__init__`, unless `identity_exempt` names
    it with the reason. Put it before the form's base: `class NeedForm(NoIdentityMixin, PortalForm)`.

    The validator is attached when the form is cleaned rather than declared on each field, so that a field added
    later is checked without anyone remembering to (tests/core/test_personal_notes.py walks every such form)."""

    identity_exempt: dict[str, str] = {}  # field name -> why it may hold any number

    @classmethod
    def checks_identity(cls, name: str) -> bool:
        return name not in cls.identity_exempt

    def full_clean(self):
        for name, field in self.fields.items():
            if is_free_text(field) and self.checks_identity(name) and no_identity not in field.validators:
                field.validators = [*field.validators, no_identity]
        super().full_clean()


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


class VersionForm(PlainForm):
    """A POST that acts on a row (delete, remind, publish …) and carries only the version it was shown."""

    version = VersionField()


# What each kind of integer column stores on every supported database.
INTEGER_RANGES = {
    "SmallIntegerField": (-32_768, 32_767),
    "PositiveSmallIntegerField": (0, 32_767),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}
_KEY_RANGE = (-(2**63), 2**63 - 1)


def _is_storable_key(value) -> bool:
    """Whether `value` could be a row's integer key: anything else is simply not a choice, never a query."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return _KEY_RANGE[0] <= number <= _KEY_RANGE[1]


class SafeModelChoiceField(forms.ModelChoiceField):
    """A model choice that answers "not a valid choice" for values no key could have (a 20-digit number, say),
    instead of letting the database overflow on them."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _is_storable_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value if isinstance(value, list | tuple) else [value]:
                if not _is_storable_key(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(item)[:20]}
                    )
        return super()._check_values(value)


# The dates a form accepts. A date far from today is a typing slip or an attack, and the edges of what Python and
# the databases hold break pages: 0001-01-01 00:00 in Shanghai is a UTC instant before year 1, which PostgreSQL
# stores and no page can read back. Rows outside the range (saved before it) still show and can be corrected.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

# Right-to-left overrides, embeddings, isolates and marks: in a one-line title they reorder what a reader sees
# ("\u202etxt.exe" shows as "exe.txt"), and Chinese and English titles never need them.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _date_bounds(value) -> None:
    # A datetime field cleans to the current time zone's wall time: its own date, with no shift that could overflow.
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )


def _without_bidi(to_python):
    def clean_text(value):
        text = to_python(value)
        return BIDI_CONTROLS.sub("", text) if isinstance(text, str) else text

    return clean_text


def bound_fields(form: forms.BaseForm) -> None:
    """Bound a form's fields to what the database stores and what a page can show: model choices check a key
    before any query, integer fields of a model form take their column's range, dates lie between EARLIEST_DATE
    and LATEST_DATE, and one-line text loses its bidirectional controls. Called by PortalForm and PlainForm."""
    model_fields = {}
    meta = getattr(form, "_meta", None)
    if getattr(meta, "model", None) is not None:
        model_fields = {field.name: field for field in meta.model._meta.get_fields() if hasattr(field, "attname")}
    for name, field in form.fields.items():
        if type(field) is forms.ModelChoiceField:
            field.__class__ = SafeModelChoiceField
        elif type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = SafeModelMultipleChoiceField
        elif type(field) is forms.IntegerField or isinstance(field, VersionField):
            column = model_fields.get(name)
            kind = column.get_internal_type() if column else "IntegerField"
            low, high = INTEGER_RANGES.get(kind, INTEGER_RANGES["IntegerField"])
            field.min_value = low if field.min_value is None else max(field.min_value, low)
            field.max_value = high if field.max_value is None else min(field.max_value, high)
            bounds = [MinValueValidator(field.min_value), MaxValueValidator(field.max_value)]
            field.validators = [*field.validators, *bounds]
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators = [*field.validators, _date_bounds]
        elif isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.URLInput):
            if getattr(field, "keeps_controls", False):  # an address, whose own check refuses them as pasted
                continue
            # An instance attribute, so that every kind of CharField (e-mail, URL, slug …) keeps its own parsing.
            field.to_python = _without_bidi(field.to_python)


class LongSelect(forms.Select):
    """A select of thousands of options (a province's colleges), written in Python: through the template engine
    each option cost ~0.1 ms (a quarter of a second for 2,300). Options carry their value, label and selection;
    option groups are not drawn."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])  # noqa: S308 -- a constant
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


# What the file choosers offer; the content decides what is accepted (core.uploads).
ACCEPTED_UPLOADS = ".jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx"


class MultipleFileField(forms.FileField):
    """Files checked on upload: the list a multiple file input sends, each accepted by `core.uploads.check_upload`
    (re-encoded photos, documents by their content), as `CheckedFile`s ready to store.

    A refused file is a form error naming it, and nothing of the upload is kept: the one loop every upload
    form shares."""

    widget = MultipleFileInput(attrs={"accept": ACCEPTED_UPLOADS})

    def __init__(self, *, max_files: int = MAX_FILES_PER_REPORT, **kwargs) -> None:
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            if len(data) > self.max_files:
                raise ValidationError(_("Choose at most %(max)d files at once.") % {"max": self.max_files})
            uploads = [super(MultipleFileField, self).clean(item, initial) for item in data]
        else:
            single = super().clean(data or None, initial)
            uploads = [single] if single else []
        return check_uploads(uploads)


def check_uploads(uploads) -> list[CheckedFile]:
    """Every upload checked, or a ValidationError with the reason for each refused file."""
    checked, refused = [], []
    for uploaded in uploads:
        if not uploaded:
            continue
        try:
            checked.append(check_upload(uploaded))
        except RejectedFile as error:
            refused.append(error.message)
    if refused:
        raise ValidationError([*refused, _("Nothing was saved. Remove the rejected files and save again.")])
    return checked


# A date, a date-and-time and a month as the browser's own pickers, in the ISO form the pickers read: a value in any
# other form (the Chinese locale's 2022/10/20) shows as empty, and saving the form then clears it. Every form's date
# and datetime fields take these (tests/core/test_date_inputs.py).
# The pickers offer only EARLIEST_DATE … LATEST_DATE (bound_fields refuses the rest).
DATE_INPUT = forms.DateInput(
    attrs={"type": "date", "min": f"{EARLIEST_DATE:%Y-%m-%d}", "max": f"{LATEST_DATE:%Y-%m-%d}"}, format="%Y-%m-%d"
)
DATETIME_INPUT = forms.DateTimeInput(
    attrs={"type": "datetime-local", "min": f"{EARLIEST_DATE:%Y-%m-%d}T00:00", "max": f"{LATEST_DATE:%Y-%m-%d}T23:59"},
    format="%Y-%m-%dT%H:%M",
)
MONTH_INPUT = forms.DateInput(
    attrs={"type": "month", "min": f"{EARLIEST_DATE:%Y-%m}", "max": f"{LATEST_DATE:%Y-%m}"}, format="%Y-%m"
)
