from decimal import Decimal

from django import template

from scoring import rules

register = template.Library()


@register.filter
def points(value):
    """A score as people write it: 89.5, 90, 2.4 — and a dash when there is none."""
    if value is None or value == "":
        return "—"
    return rules.fmt(Decimal(value))
