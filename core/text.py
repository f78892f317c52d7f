"""Small rules of Chinese text that several apps need."""

_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def nest_quotes(text: str) -> str:
    """Text to be set inside “…”: its own double quotes become single ones, as Chinese typography nests them
    (“‘阳光屋’关爱超市” rather than ““阳光屋”关爱超市”)."""
    return text.translate(_INNER_QUOTES)
