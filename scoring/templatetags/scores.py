from decimal import Decimal

from django import template

from core.text import fmt

register = template.Library()


@register.filter
def points(value):
    """A score as people write it: 89.5, 90, 2.4 — and a dash when there is none."""
    if value is None or value == "":
        return "—"
    return fmt(Decimal(value))


@register.filter
def standing(value, goal):
    """Where a figure stands against the year's goal (a plans.progress.Goal): "stretch", "goal", "short",
    or "" when the year has no goal for it."""
    return "" if goal is None else goal.standing(value)
