"""`manage.py verify_archive FILE`: check a year's archive against its manifest of SHA-256 checksums."""

from django.core.management.base import CommandError

from institutions.commands import InstallationCommand
from publicity.archive import ArchiveInvalid, verify


class Command(InstallationCommand):
    help = "Check a year archive (zip) against its MANIFEST.sha256: exit 0 if every file matches, 1 otherwise."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive's .zip file")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                count = verify(handle)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except ArchiveInvalid as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"{path} does NOT match its manifest; it was changed or damaged:\n{lines}") from None
        self.stdout.write(self.style.SUCCESS(f"{path}: OK, {count} files match their SHA-256 checksums."))
