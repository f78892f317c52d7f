from django import template

from plans.models import default_year

register = template.Library()


@register.simple_tag
def plan_year() -> int:
    """The year the awards and archive tabs open on (plans.models.default_year)."""
    return default_year()
