from django import template

from plans.models import WorkPlan

register = template.Library()


@register.simple_tag
def plan_year() -> int:
    """The newest plan's year (the year the awards and archive tabs open on), or 2022 before any plan exists."""
    return WorkPlan.objects.values_list("year", flat=True).first() or 2022
