class YearConverter:
    """A four-digit year, so that no address can ask for a year the database cannot hold."""

    regex = "[12][0-9]{3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"
