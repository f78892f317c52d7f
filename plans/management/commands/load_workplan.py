from pathlib import Path

from institutions.commands import SchoolCommand
from plans.services import DATA_DIR, load_workplan_file


class Command(SchoolCommand):
    help = "Load a year's work plan from its data file. Safe to re-run: existing rows are kept as staff left them."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_DIR / "workplan_2022.json"))
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing text with the file's (statuses are kept)."
        )

    def handle(self, *args, file, update, **options):
        result = load_workplan_file(Path(file), update=update)
        self.stdout.write(
            f"Work plan {result.plan.year}: {result.created} rows created, {result.updated} rows updated."
        )
