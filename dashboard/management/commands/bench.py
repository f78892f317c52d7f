"""`manage.py bench`: the page-speed benchmark's options; the benchmark itself is the `dashboard.bench` package."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboard.bench import stages
from dashboard.bench.database import DEFAULT_POSTGRES, DEFAULT_SQLITE, clean
from dashboard.bench.dataset import FIRST_YEAR, Size
from scoring.sheets import MAX_DATA_ROWS


class Command(BaseCommand):
    help = (
        "Build a large data set in a separate bench database (var/bench.sqlite3 or PostgreSQL gkw_bench), then "
        "time the dashboard, the report list, a college page, the .xlsx export, the verdict recompute and a large "
        "score import against a bare view, and measure requests/s under gunicorn. The bench database is kept for "
        "the next run; `make bench-clean` removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--colleges", type=int, default=30)
        parser.add_argument("--years", type=int, default=5, help=f"years from {FIRST_YEAR} on")
        parser.add_argument("--reports", type=int, default=100_000)
        parser.add_argument(
            "--institutions",
            type=int,
            default=1,
            help="schools sharing the installation: the home school (whose pages are timed) and N-1 others; "
            "--colleges are spread over them",
        )
        parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument(
            "--sqlite-path", type=Path, default=DEFAULT_SQLITE, help="bench file for --database sqlite"
        )
        parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="bench database for --database postgres")
        parser.add_argument("--runs", type=int, default=30, help="timed requests per row, after 3 warm-ups")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=MAX_DATA_ROWS,
            help=f"rows of the generated score sheet (at most {MAX_DATA_ROWS:,}, the importer's limit)",
        )
        parser.add_argument("--rps-seconds", type=float, default=5.0, help="load-test seconds per URL")
        parser.add_argument("--no-rps", action="store_true", help="skip the gunicorn load test")
        parser.add_argument(
            "--write-cycles",
            type=int,
            default=20,
            help="approve-and-reopen cycles of the writer beside the dashboard's reader (two writes each)",
        )
        parser.add_argument("--rebuild", action="store_true", help="build a fresh data set even if one fits")
        parser.add_argument("--keep", action="store_true", help="keep the bench database (it always is)")
        parser.add_argument("--clean", action="store_true", help="remove the bench databases and files, then stop")
        parser.add_argument("--redis-url", help="measure with this Redis as the cache (use a database of its own)")
        parser.add_argument("--time-limit", type=float, default=3600.0, help="seconds before the run is stopped")
        # Internal: the steps that run inside the bench database, started by the command itself.
        parser.add_argument("--stage", choices=["build", "measure"], help=argparse.SUPPRESS)
        parser.add_argument("--bench-name", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        size = Size(options["colleges"], options["years"], options["reports"], options["institutions"])
        if min(size.colleges, size.years, size.institutions, options["runs"]) < 1 or size.reports < 0:
            raise CommandError(
                "--colleges, --years, --institutions and --runs must be at least 1, --reports at least 0."
            )
        if size.colleges < size.institutions:
            raise CommandError("--colleges must be at least --institutions: every school has a college.")
        if not 1 <= options["import_rows"] <= MAX_DATA_ROWS:
            raise CommandError(f"--import-rows must be between 1 and {MAX_DATA_ROWS:,}, the importer's limit.")
        if options["stage"]:
            return stages.run_stage(options["stage"], size, options, self.stdout.write)
        if options["clean"]:
            return clean(options, self.stdout.write)
        return stages.orchestrate(size, options, self.stdout.write)
