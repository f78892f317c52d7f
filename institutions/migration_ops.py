"""Operations the migrations that give rows their school share (kept stable: migrations import them by name)."""

from django.db import migrations


def _check_keys_now(apps, schema_editor):
    # PostgreSQL checks a key's references at the end of the transaction (Django makes them DEFERRABLE INITIALLY
    # DEFERRED), so the rows a fill just updated leave "pending trigger events" on their table, and the index the
    # same migration then creates on it fails ("cannot CREATE INDEX … because it has pending trigger events") on
    # any database that has such rows. Checking them now, right after the fill, empties that queue.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def check_keys_now():
    """Put right after a RunPython that updates rows of a table the same migration changes."""
    return migrations.RunPython(_check_keys_now, migrations.RunPython.noop, elidable=True)
