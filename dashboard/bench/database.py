"""The bench database's life: where it lives, creating it, reusing it, dropping it, and cleaning up its files.

The benchmark fills a database of its own, never the one in settings. It marks every database it creates with a
table of its own (MARKER) and refuses to fill, rebuild or drop any database without that mark, so a mistyped
--sqlite-path or --postgres-url cannot destroy someone's data. SQLite is reached with the sqlite3 module and
PostgreSQL with psycopg2 directly, because the command as typed runs with the developer's settings, not with
the bench database as Django's connection.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import CommandError
from psycopg2 import sql

from core.env import parse_database_url

BASE_DIR = Path(settings.BASE_DIR)
DEFAULT_SQLITE = BASE_DIR / "var" / "bench.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/gkw_bench"
# Files of the default bench databases; a --sqlite-path elsewhere keeps its own next to it.
BENCH_FILES = BASE_DIR / "var"
MEDIA_FOLDER = "bench-media"
STATIC_FOLDER = "bench-static"
IMPORT_FOLDER = "bench-import"
GUNICORN_LOG = "bench-gunicorn.log"

MARKER = "gkw_bench_marker"  # a table only the benchmark creates: without it, a database is not ours to touch


def bench_files() -> Path:
    """Inside a stage, the folder of the bench's files (MEDIA_ROOT is its bench-media folder)."""
    return Path(settings.MEDIA_ROOT).parent


@dataclass(frozen=True)
class BenchDatabase:
    """The bench database: made by the benchmark, marked as such, and the only database it fills or drops."""

    vendor: str
    url: str
    name: str  # settings.DATABASES["default"]["NAME"] inside the stages
    files: Path  # where its evidence files, collected static files, score sheets and gunicorn's log go

    @classmethod
    def from_options(cls, options) -> BenchDatabase:
        if options["database"] == "sqlite":
            path = Path(options["sqlite_path"]).expanduser().resolve()
            files = BENCH_FILES if path == DEFAULT_SQLITE else path.parent
            return cls("sqlite", f"sqlite:///{path}", str(path), files)
        url = options["postgres_url"]
        return cls("postgresql", url, parse_database_url(url)["NAME"], BENCH_FILES)

    @property
    def label(self) -> str:
        return self.name if self.vendor == "sqlite" else f"PostgreSQL database {self.name}"

    def refuse_settings_database(self) -> None:
        mine = settings.DATABASES["default"]
        if self.vendor == "sqlite":
            # The embedded default is someone's database even when settings point elsewhere (pytest, CI).
            theirs = {BASE_DIR / "var" / "db.sqlite3"}
            if mine["ENGINE"] == "django.db.backends.sqlite3":
                theirs.add(Path(str(mine["NAME"])).resolve())
            same = Path(self.name) in theirs
        else:
            same = mine["ENGINE"] == "django.db.backends.postgresql" and mine["NAME"] == self.name
        if same:
            raise CommandError(f"{self.label} is the portal's own database; the benchmark needs one of its own.")

    def child_env(self, secret: str, redis_url: str | None) -> dict:
        """The environment of the stages: settings pointed at the bench database and the bench's files."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": self.url,
            "SECRET_KEY": secret,
            "MEDIA_ROOT": str(self.files / MEDIA_FOLDER),
            "STATIC_ROOT": str(self.files / STATIC_FOLDER),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        # A Redis shared with a running portal would share the figures' cache keys with it: local memory unless
        # the caller names a Redis for the benchmark.
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        return env

    def create(self) -> None:
        """Create the bench database if it is missing; an existing one must carry the benchmark's mark."""
        if self._exists():
            self._refuse_unless_ours()
        elif self.vendor == "sqlite":
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
        else:
            with closing(self._connect("postgres")) as server, server.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        self._mark()

    def drop(self) -> None:
        if not self._exists():
            return
        self._refuse_unless_ours()
        if self.vendor == "sqlite":
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(self.name + suffix).unlink(missing_ok=True)
            return
        with closing(self._connect("postgres")) as server, server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))

    def _connect(self, dbname: str):
        params = parse_database_url(self.url)
        try:
            server = psycopg2.connect(
                host=params["HOST"] or None,
                port=params["PORT"] or None,
                user=params["USER"] or None,
                password=params["PASSWORD"] or None,
                dbname=dbname,
                connect_timeout=5,
            )
        except psycopg2.OperationalError as error:
            raise CommandError(f"PostgreSQL for {self.name} is not reachable: {str(error).strip()}.") from None
        server.autocommit = True
        return server

    def _exists(self) -> bool:
        if self.vendor == "sqlite":
            return Path(self.name).exists()
        with closing(self._connect("postgres")) as server, server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return cursor.fetchone() is not None

    def _tables(self) -> set[str]:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with closing(self._connect(self.name)) as db, db.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {row[0] for row in cursor.fetchall()}

    def _mark(self) -> None:
        statement = f"CREATE TABLE IF NOT EXISTS {MARKER} (created_at TEXT)"
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                db.execute(statement)
                db.commit()
            return
        with closing(self._connect(self.name)) as db, db.cursor() as cursor:
            cursor.execute(statement)

    def _refuse_unless_ours(self) -> None:
        try:
            tables = self._tables()
        except sqlite3.DatabaseError:
            tables = {"(not a SQLite database)"}
        if tables and MARKER not in tables:
            raise CommandError(
                f"{self.label} exists and was not made by the benchmark; it is left untouched. "
                "Name another with --sqlite-path or --postgres-url."
            )


def clean(options, write) -> None:
    """Drop both bench databases (each only if the benchmark made it) and the bench's files."""
    for vendor in ("sqlite", "postgres"):
        bench = BenchDatabase.from_options({**options, "database": vendor})
        try:
            bench.refuse_settings_database()
            bench.drop()
            write(f"removed {bench.label}")
        except CommandError as error:
            write(f"{error} Nothing removed there.")
    files = BenchDatabase.from_options({**options, "database": "sqlite"}).files
    for folder in (MEDIA_FOLDER, STATIC_FOLDER, IMPORT_FOLDER):
        shutil.rmtree(files / folder, ignore_errors=True)
    (files / GUNICORN_LOG).unlink(missing_ok=True)
