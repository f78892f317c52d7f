"""The one picker for many people or colleges, and the grouped choices it and a long select draw.

A multiple choice of people, colleges or member units that can pass ~30 (training attendance, a notice's
recipients, a review round's panel …) is a `PickerField` (or any multiple choice field with the `SearchablePicker`
widget): the choices grouped — a college's members under the college, colleges apart from member units — each group
a fieldset whose legend names it. static/js/picker.js adds a filter box that matches names and codes, each group's
"select all / none" and a live count of what is chosen; without the script it is the whole grouped list of
checkboxes, which posts the same. tests/core/test_pickers.py walks every form of the permission matrix and fails on
a long multiple choice drawn any other way.

A single choice of a person among many (an elder for a mentoring pair, a committee member for an offer) stays the
browser's own <select>, grouped into <optgroup>s by `grouped`: a phone's native picker is the
easiest to use there, and a select is already one line that a keyboard searches.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .forms import SafeModelMultipleChoiceField

# A list longer than this is a picker (tests/core/test_pickers.py).
PICKER_THRESHOLD = 30


class SearchablePicker(forms.CheckboxSelectMultiple):
    """Checkboxes in fieldsets, one per group of choices, with the filter box, the groups' select all / none and the
    count that static/js/picker.js shows (hidden until it runs). `search_text(value, label)` gives the words a
    choice is found by besides its label (a college's code, a member's college); for a model's choices `value` has
    the row as `value.instance`.

    Written in Python, like core.forms.LongSelect: a few hundred options through the template engine cost tens of
    milliseconds. crispy-forms hands the drawing back to the widget (templates/bootstrap5/layout/
    radio_checkbox_select.html asks `is_picker`)."""

    is_picker = True

    def __init__(self, attrs=None, choices=(), search_text: Callable[[object, str], str] | None = None):
        super().__init__(attrs, choices)
        self.search_text = search_text

    @classmethod
    def for_rows(cls, search_text: Callable | None = None) -> SearchablePicker:
        """The picker of a model field's rows, each also found by `search_text(row)`."""
        return cls(search_text=_row_words(search_text))

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        groups = []
        chosen = 0
        # Flat choices come from Django one group each, without a name: they are one group here.
        for group_name, parts in groupby(widget["optgroups"], key=lambda group: group[0]):
            options = [option for _name, group_options, _index in parts for option in group_options]
            if options:  # a group with nothing to choose (no member units yet) is not drawn
                chosen += sum(1 for option in options if option["selected"])
                groups.append(self._group(name, group_name, options))
        number = format_html("<span data-picker-number>{}</span>", chosen)
        count = mark_safe(conditional_escape(_("Chosen: %(count)s")) % {"count": number})  # noqa: S308 -- escaped
        return format_html(
            '<div class="gkw-picker" data-picker>'
            '<div class="gkw-picker-tools" data-picker-tools hidden>'
            '<label class="form-label small mb-1" for="{}_filter">{}</label>'
            '<div class="d-flex flex-wrap align-items-center gap-2">'
            '<input type="search" class="form-control form-control-sm gkw-picker-filter" id="{}_filter" '
            'autocomplete="off" aria-controls="{}" data-picker-filter>'
            '<span class="small text-secondary" aria-live="polite" aria-atomic="true" data-picker-count>{}</span>'
            "</div></div>"
            '<div class="gkw-picker-groups" id="{}" tabindex="-1">{}'
            '<p class="small text-secondary mb-0" data-picker-empty hidden>{}</p>'
            "</div></div>",
            base_id,
            _("Filter by name or code"),
            base_id,
            base_id,
            count,
            base_id,
            mark_safe("".join(groups)),  # noqa: S308 -- each group built by format_html
            _("Nothing matches the filter."),
        )

    def _group(self, name, group_name, options) -> str:
        items = format_html_join("", "{}", ((self._item(name, option),) for option in options))
        hidden_name = format_html('<span class="visually-hidden">{}</span>', group_name) if group_name else ""
        tools = format_html(
            '<div class="gkw-picker-group-tools small" data-picker-tools hidden>'
            '<button type="button" class="btn btn-link btn-sm p-0" data-picker-all>{}{}</button>'
            '<button type="button" class="btn btn-link btn-sm p-0" data-picker-none>{}{}</button>'
            "</div>",
            _("Select all"),
            hidden_name,
            _("Select none"),
            hidden_name,
        )
        legend = format_html('<legend class="fs-6 fw-semibold mb-1">{}</legend>', group_name) if group_name else ""
        return format_html(
            '<fieldset class="gkw-picker-group" data-picker-group>{}{}'
            '<div class="gkw-picker-items">{}</div></fieldset>',
            legend,
            tools,
            items,
        )

    def _item(self, name, option) -> str:
        attrs = dict(option["attrs"])
        attrs["class"] = " ".join(filter(None, ["form-check-input", attrs.get("class")]))
        label = str(option["label"])
        value = option["value"]
        words = [label]
        if self.search_text is not None:
            words.append(self.search_text(value, label))
        return format_html(
            '<div class="form-check" data-picker-item data-picker-text="{}">'
            '<input type="checkbox" name="{}" value="{}"{}><label class="form-check-label" for="{}">{}</label></div>',
            " ".join(words),
            name,
            value,
            flatatt(attrs),
            attrs.get("id", ""),
            label,
        )


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """A model field's choices in groups, by the field's `group_by(row)`, in the queryset's order (so the queryset
    is ordered by the group first): [(group label, [(value, label) …]) …]."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for group, rows in groupby(queryset, key=self.field.group_by):
            yield (group, [self.choice(row) for row in rows])


def _row_words(search_text):
    """search_text(row) as the widget asks it, with the choice's value and label."""
    if search_text is None:
        return None
    return lambda value, _label: search_text(value.instance) if isinstance(value, ModelChoiceIteratorValue) else ""


class PickerField(SafeModelMultipleChoiceField):
    """Many rows chosen in the picker, grouped by `group_by(row)` (the queryset ordered by the group first) and found
    by their label and `search_text(row)`."""

    iterator = GroupedModelChoiceIterator

    def __init__(self, queryset, *, group_by: Callable, search_text: Callable | None = None, **kwargs):
        self.group_by = group_by
        kwargs.setdefault("widget", SearchablePicker.for_rows(search_text))
        super().__init__(queryset, **kwargs)


def grouped(field: forms.ModelChoiceField, group_by: Callable) -> forms.ModelChoiceField:
    """A form's own single model choice (a model form's field, say), drawn as the browser's <select> with an
    <optgroup> per `group_by(row)`; its queryset is ordered by the group first."""
    field.iterator = GroupedModelChoiceIterator
    field.group_by = group_by
    field.widget.choices = field.choices  # the widget draws the choices it was given with the queryset
    return field


def college_words(college) -> str:
    """What a college is found by besides its name: its short name and code."""
    return f"{college.short_name} {college.code}"


def group_by_college(row) -> str:
    """A college's member (or a member's offer) under their college's name; a comrade from outside under 校外."""
    college = getattr(row, "college", None)
    return college.name if college is not None else _("Outside the school")
