"""The full-text index over ActivityReport.search_tokens: a GIN index on PostgreSQL, an FTS5 table on SQLite.

Neither is a Django model or index (Django knows neither an expression GIN index without django.contrib.postgres
nor virtual tables), so the migration creates them with these functions. On SQLite the FTS5 table reads its text
from the reports table ("external content") and triggers keep it in step with every insert, update and delete,
whether it comes from save(), bulk_create() or a raw UPDATE.

SQLite loses a table's triggers whenever Django rebuilds that table (most ALTERs on SQLite copy it into a new
one), so after every migrate `ensure_sqlite_triggers` puts back any trigger missing and rebuilds the index.
"""

from __future__ import annotations

from django.db import connections

# The tables' names are spelled out in the SQL below: activities_activityreport, and activities_report_fts (the
# same name as activities.models.REPORT_FTS_TABLE).

SQLITE_TRIGGERS = {
    "activities_report_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS activities_report_fts_insert AFTER INSERT ON activities_activityreport BEGIN
            INSERT INTO activities_report_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens);
        END""",
    "activities_report_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS activities_report_fts_delete AFTER DELETE ON activities_activityreport BEGIN
            INSERT INTO activities_report_fts(activities_report_fts, rowid, search_tokens)
            VALUES ('delete', old.id, old.search_tokens);
        END""",
    "activities_report_fts_update": """
        CREATE TRIGGER IF NOT EXISTS activities_report_fts_update
        AFTER UPDATE OF id, search_tokens ON activities_activityreport BEGIN
            INSERT INTO activities_report_fts(activities_report_fts, rowid, search_tokens)
            VALUES ('delete', old.id, old.search_tokens);
            INSERT INTO activities_report_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens);
        END""",
}
REBUILD = "INSERT INTO activities_report_fts(activities_report_fts) VALUES ('rebuild')"


def create(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS activities_report_search_gin ON activities_activityreport "
            "USING gin (to_tsvector('simple', search_tokens))"
        )
    elif vendor == "sqlite":
        # detail=none: the index keeps only which rows hold a token, all that an AND of tokens needs.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS activities_report_fts USING fts5("
            "search_tokens, content='activities_activityreport', content_rowid='id', detail=none)"
        )
        for sql in SQLITE_TRIGGERS.values():
            schema_editor.execute(sql)
        schema_editor.execute(REBUILD)


def drop(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS activities_report_search_gin")
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute("DROP TRIGGER IF EXISTS " + schema_editor.quote_name(name))
        schema_editor.execute("DROP TABLE IF EXISTS activities_report_fts")


def ensure_sqlite_triggers(using: str) -> bool:
    """Put back the triggers a table rebuild dropped, and rebuild the index they missed; True if it had to."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'activities_report_fts'")
        if cursor.fetchone() is None:  # the migration that creates it has not run (yet)
            return False
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'activities_activityreport'"
        )
        missing = set(SQLITE_TRIGGERS) - {name for (name,) in cursor.fetchall()}
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute(REBUILD)
    return bool(missing)
