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
