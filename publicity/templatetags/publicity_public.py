import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def summary(text, limit: int = 150) -> str:
    """Text for a meta description: one line, at most `limit` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@register.filter
def instant(value) -> str:
    """A moment for `<time datetime>`: local time to the second with its offset (2022-05-04T10:30:00+08:00).
    The `c` date format writes microseconds, which the W3C checker refuses in a datetime attribute."""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
