"""A migration that updates rows (RunPython) and changes a table in the same transaction fails on PostgreSQL once
the table has rows: the updates leave deferred key checks pending, and the index the schema change then creates
is refused ("cannot CREATE INDEX … because it has pending trigger events"). Such a migration checks the keys right
after its RunPython (`institutions.migration_ops.check_keys_now`). The schema-free data migrations are left alone."""

from django.apps import apps
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from institutions.migration_ops import _check_keys_now

SCHEMA = (
    migrations.AddField,
    migrations.AlterField,
    migrations.AddIndex,
    migrations.AddConstraint,
    migrations.CreateModel,
)
PROJECT = {config.label for config in apps.get_app_configs() if "site-packages" not in config.path}


def unchecked():
    found = []
    for (app, name), migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.items():
        if app not in PROJECT or not migration.atomic:
            continue
        operations = migration.operations
        changes_tables = any(isinstance(operation, SCHEMA) for operation in operations)
        for index, operation in enumerate(operations):
            if not isinstance(operation, migrations.RunPython) or operation.code is _check_keys_now:
                continue
            later = operations[index + 1 :]
            checked = bool(later) and getattr(later[0], "code", None) is _check_keys_now
            if changes_tables and not checked:
                found.append(f"{app}.{name}")
    return sorted(set(found))


def test_every_migration_that_fills_rows_and_changes_tables_checks_the_keys_at_once():
    assert unchecked() == []
