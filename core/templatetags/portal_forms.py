"""The shared form pages' helpers."""

from django import template

from core.views import file_labels

register = template.Library()


@register.simple_tag
def files_to_choose_again(form, also=None):
    """The labels of the file fields to choose again when `form` came back with errors (with `also`, a second form
    posted with it, such as a page's separate upload form): empty when nothing came back."""
    if not getattr(form, "errors", None):
        return []
    return file_labels(form, also or None)


@register.simple_tag
def kept(form, field, action=None):
    """What was typed into `field` of a button's form that came back refused (core.views.restore_typing), for a page
    that draws the button's inputs itself; with `action`, only when that one of the buttons posting to the same
    address was the one pressed. Empty when nothing came back."""
    initial = getattr(form, "initial", None) or {}
    if action is not None and initial.get("action") != action:
        return ""
    value = initial.get(field, "")
    return value if isinstance(value, str) else ""
