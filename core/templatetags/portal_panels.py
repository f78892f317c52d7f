"""`{% page_panels "app:page" name=value … %}`: the panels other apps declare for this page (core.portal's
`page_panels`), each given the request and the named values, joined in the apps' order."""

from django import template
from django.utils.safestring import mark_safe

from core.portal import page_panels as declared_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def page_panels(context, page: str, **values):
    # Each panel renders its own template, autoescaped: what it returns is already HTML.
    return mark_safe("".join(panel(context["request"], **values) for panel in declared_panels(page)))  # noqa: S308
