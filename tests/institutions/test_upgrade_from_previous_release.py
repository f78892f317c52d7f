"""An installation of the previous release upgrades with one command and loses nothing (issue 27, item 3).

The backup made by `manage.py backup` of the single-school release (with `make run`'s demo data; how it was made is
in fixtures/README.md) is restored into a fresh database of the suite's engine, and the operator's one command,
`manage.py migrate`, runs on it in a process of its own, as an operator runs it. Every table of the previous release
keeps its rows (same count, same values in the columns it had) and every file its bytes; every school-owned root
row belongs to the home school, named by HOME_INSTITUTION_NAME at migrate time (无锡职业技术学院 by default).
"""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections

from core.backups import restore_backup
from institutions import tenancy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIXTURES = Path(__file__).parent / "fixtures"

# Tables the upgrade adds rows to on purpose; their old rows must still be there, unchanged.
GROWING_TABLES = {
    "django_migrations": "the upgrade's own migrations are recorded",
    "django_content_type": "the new models' content types, made by migrate's post_migrate step",
    "auth_permission": "the new models' permissions, made by migrate's post_migrate step",
}
# Tables whose rows a migration rewrites on purpose, with the columns and why: none. Tables the migrations rename:
# none (the region's member schools became institutions.Institution in place, in region_institution).
REWRITTEN_COLUMNS: dict[str, dict[str, str]] = {}


def archive_of_previous_release() -> Path:
    # The dump inside is the engine's own (a SQLite file, a pg_dump), so there is one archive per engine.
    return FIXTURES / f"previous-release-{connections['default'].vendor}.tar.gz"


def table_contents(connection) -> dict[str, dict]:
    """Every table's columns and rows (by primary key), read with plain SQL, so as the database holds them."""
    contents = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE 1 = 0")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            contents[table] = {"columns": columns, "rows": rows_of(connection, cursor, table, columns)}
    return contents


def rows_of(connection, cursor, table: str, columns: list[str]) -> dict:
    quote_name = connection.ops.quote_name
    key = connection.introspection.get_primary_key_column(cursor, table)
    select = f"SELECT {', '.join(map(quote_name, columns))} FROM {quote_name(table)}"  # noqa: S608 -- names from the catalogue
    cursor.execute(select)
    rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
    if key is None:  # a table without a primary key is keyed by its whole row
        return {row: row for row in rows}
    at = columns.index(key)
    return {row[at]: row for row in rows}


def checksum(rows: dict) -> str:
    """sha256 over the rows ordered by primary key: a change to any value of any row changes it."""
    digest = hashlib.sha256()
    for key in sorted(rows, key=repr):
        digest.update(repr(rows[key]).encode())
    return digest.hexdigest()


def old_columns_now(connection, table: str, columns: list[str]) -> dict:
    with connection.cursor() as cursor:
        return rows_of(connection, cursor, table, columns)


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def database_url(connection) -> str:
    options = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{options['NAME']}"
    user = quote(options.get("USER") or "", safe="")
    password = f":{quote(options['PASSWORD'], safe='')}" if options.get("PASSWORD") else ""
    port = f":{options['PORT']}" if options.get("PORT") else ""
    return f"postgres://{user}{password}@{options.get('HOST') or 'localhost'}{port}/{quote(options['NAME'])}"


def migrate_as_an_operator(connection, media_root: Path, home_name: str | None) -> None:
    """`manage.py migrate`, the one command README gives an operator, in a process of its own: the data migrations
    meet the database exactly as they will on the operator's machine."""
    connection.close()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.dev",
        "DATABASE_URL": database_url(connection),
        "MEDIA_ROOT": str(media_root),
    }
    environment.pop("HOME_INSTITUTION_NAME", None)
    if home_name is not None:
        environment["HOME_INSTITUTION_NAME"] = home_name
    finished = subprocess.run(  # noqa: S603 -- this interpreter and the project's own manage.py
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]


def home_school(connection) -> tuple[int, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, code, name FROM region_institution WHERE is_home = %s", [True])
        return cursor.fetchone()


def schools_of_new_keys(connection, old: dict) -> dict[str, set]:
    """For every school-owned root whose school key the upgrade added (a new column or a new table): the schools its
    rows now name. A root that had its key before (the region's rows name member schools) keeps its values, as
    every old column does."""
    found = {}
    with connection.cursor() as cursor:
        for model in tenancy.project_models():
            key = tenancy.school_key(model)
            table = model._meta.db_table
            if key is None or key.column in old.get(table, {}).get("columns", ()):
                continue
            quote_name = connection.ops.quote_name
            select = f"SELECT DISTINCT {quote_name(key.column)} FROM {quote_name(table)}"  # noqa: S608 -- our models
            cursor.execute(select)
            found[table] = {row[0] for row in cursor.fetchall()}
    return found


@pytest.mark.parametrize(
    ("given_name", "home_name"),
    [(None, "无锡职业技术学院"), ("江南大学", "江南大学")],
    ids=["default-home-school", "home-school-named-at-migrate-time"],
)
def test_the_previous_release_restores_and_migrates_without_losing_a_row_or_a_file(
    given_name, home_name, second_database, settings, tmp_path
):
    archive = archive_of_previous_release()
    with tarfile.open(archive) as opened:
        applied = set(json.loads(opened.extractfile("manifest.json").read())["migrations"])
    assert "region.0002_summaryexport_background_job" in applied
    assert not {name for name in applied if name.startswith("institutions.")}  # the release before the tenancy
    settings.MEDIA_ROOT = media_root = tmp_path / "media"
    restore_backup(archive, second_database)
    before, files_before = table_contents(second_database), file_hashes(media_root)
    assert before["colleges_college"]["rows"] and before["activities_activityreport"]["rows"]
    assert len(files_before) > 300  # the demo's evidence photos and thumbnails

    migrate_as_an_operator(second_database, media_root, given_name)

    tables_now = set(second_database.introspection.table_names())
    assert not set(before) - tables_now, "a table of the previous release is gone"
    growing = dict(GROWING_TABLES)
    if given_name is not None:
        growing["region_institution"] = "the home school, a school the region did not list"
    changed = {}
    for table, old in before.items():
        columns = [c for c in old["columns"] if c not in REWRITTEN_COLUMNS.get(table, {})]
        kept = {key: tuple(row[old["columns"].index(c)] for c in columns) for key, row in old["rows"].items()}
        now = old_columns_now(second_database, table, columns)
        if table in growing:
            now = {key: row for key, row in now.items() if key in kept}
        if len(now) != len(kept) or checksum(now) != checksum(kept):
            altered = [key for key in sorted(kept, key=repr) if now.get(key) != kept[key]]
            changed[table] = f"{len(kept)} rows, now {len(now)}; first lost or altered: {altered[:3]}"
    assert not changed, "\n".join(f"{table}: {what}" for table, what in changed.items())
    assert file_hashes(media_root) == files_before

    home_id, home_code, name = home_school(second_database)
    assert name == home_name
    schools = schools_of_new_keys(second_database, before)
    assert {"colleges_college", "plans_workplan", "scoring_scheme", "colleges_memberunit"} <= set(schools)
    assert {table: ids for table, ids in schools.items() if ids - {home_id}} == {}
    assert schools["colleges_college"] == {home_id}
    if given_name is None:  # the demo's lead of 第十片 is this school: the same row, not a second one
        assert home_id in before["region_institution"]["rows"]
        assert home_code == "wxit"
    else:  # another school's installation: the region's lead stays the region's, a member school and no more
        assert home_id not in before["region_institution"]["rows"]
        assert home_code == "home"  # wxit is the lead's code; an administrator gives the school its own later
