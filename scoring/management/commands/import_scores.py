from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from colleges.access import reviewer_users
from institutions.commands import SchoolCommand
from scoring.importer import ScoreImportError
from scoring.imports import import_review_scores
from scoring.models import Scheme
from scoring.sheets import MAX_FILE_BYTES, file_too_large
from scoring.workflow import ScoringError


class Command(SchoolCommand):
    help = (
        "Import reviewed scores (columns: college code, indicator code, score, comment) from .xlsx or .csv. "
        "All or nothing: every bad row is reported by its row number and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="Recorded as the reviewer (default: the first committee staff member).")
        parser.add_argument(
            "--keep-open", action="store_true", help="Do not finalise colleges whose every indicator is scored."
        )
        parser.add_argument(
            "--reopen-final",
            action="store_true",
            help="Reopen and rescore colleges that are already final (without it, such a sheet is refused).",
        )

    def handle(self, *args, file, year, user, keep_open, reopen_final, **options):
        scheme = Scheme.objects.filter(year=year).first()
        if scheme is None:
            raise CommandError(f"There is no indicator scheme for {year}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(file_too_large().errors[0])  # refused before reading it into memory
        reviewer = self.reviewer(user)
        try:
            result = import_review_scores(
                scheme, path.name, path.read_bytes(), reviewer, finalise=not keep_open, reopen_final=reopen_final
            )
        except ScoreImportError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(f"Nothing was imported: {len(error.errors)} problems.") from None
        except ScoringError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Imported {result.scores} scores for {result.colleges} colleges; "
            f"{result.finalised} assessments finalised."
        )

    def reviewer(self, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        found = reviewer_users(users).order_by("pk").first()
        if found is None:
            raise CommandError("No committee staff or administrator exists to record as the reviewer; use --user.")
        return found
