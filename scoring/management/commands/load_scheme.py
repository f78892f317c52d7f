from pathlib import Path

from institutions.commands import SchoolCommand
from scoring.schemes import DATA_DIR, load_scheme_file


class Command(SchoolCommand):
    help = "Load a year's indicator scheme from its data file. Safe to re-run: an existing scheme is left alone."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_DIR / "scheme_2022.json"))

    def handle(self, *args, file, **options):
        scheme, created = load_scheme_file(Path(file))
        state = "created" if created else "already present, left as it is"
        self.stdout.write(f"Scheme {scheme.year}: {state} ({scheme.indicators.count()} indicators).")
