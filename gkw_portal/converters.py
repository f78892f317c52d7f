class YearConverter:
    """A four-digit year, so that no address can ask for a year the database cannot hold."""

    regex = "[12][0-9]{3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class WorkPointCodeConverter:
    """A work point's code, e.g. 3.1: section number, dot, item number."""

    regex = "[0-9]{1,2}\\.[0-9]{1,3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
