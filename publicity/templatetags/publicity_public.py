from django import template

register = template.Library()


@register.filter
def summary(text, limit: int = 150) -> str:
    """Text for a meta description: one line, at most `limit` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
