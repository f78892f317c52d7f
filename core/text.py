"""Small rules of text that several apps need: Chinese quotes, numbers the way people write them."""

from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")

_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def nest_quotes(text: str) -> str:
    """Text to be set inside “…”: its own double quotes become single ones, as Chinese typography nests them
    (“‘阳光屋’关爱超市” rather than ““阳光屋”关爱超市”)."""
    return text.translate(_INNER_QUOTES)


def chinese_date(value) -> str:
    """2022年5月10日: how a Chinese letter writes a date, whatever the page's locale formats say. A datetime is
    taken at its local date."""
    if hasattr(value, "hour"):
        from django.utils import timezone  # core.text stays importable without Django settings for plain rules

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def fmt(value: Decimal | float | int | str | None) -> str:
    """89.50 -> 89.5, 90.00 -> 90: the way people write scores and shares; a missing value is a dash."""
    if value is None:
        return "—"
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    try:
        text = format(value.quantize(CENT), "f")
    except InvalidOperation:  # too large to round to cents: only ever in a message about a wrong score
        return format(value, "g")
    return text.rstrip("0").rstrip(".") if "." in text else text
