"""A backup restores into a fresh, empty database with every row and every file, on whichever database the suite
runs on (SQLite here, PostgreSQL in CI); a restore refuses a database in use and a damaged archive.

The data must be committed for `sqlite3`'s backup API or pg_dump to see it, hence transactional tests; the
second database is created and dropped by the `second_database` fixture (tests/conftest.py).
"""

import hashlib
import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connections

from activities import services
from core.backups import BackupError, restore_backup
from core.uploads import check_upload
from dashboard.models import AnnualExport

from .conftest import make_report
from .helpers import photo_upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def row_counts(connection) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 -- our own models' table names
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def school_with_files(users, college_a, settings):
    report = make_report(college_a, users["sec1"], title="备份里的活动")
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    export = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["office"], state="done")
    export.file.save("summary.xlsx", ContentFile(b"a built summary"), save=True)
    return Path(settings.MEDIA_ROOT)


def backup_to(path: Path) -> Path:
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def test_a_backup_restores_every_row_and_file_into_a_fresh_database(
    school_with_files, second_database, settings, tmp_path
):
    archive = backup_to(tmp_path / "nightly.tar.gz")
    original_rows, original_files = row_counts(connections["default"]), file_hashes(school_with_files)
    assert len(original_files) == 3  # the photo, its thumbnail and the summary

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["database"]["engine"] == connections["default"].vendor
    assert "dashboard.0002_one_active_build" in manifest["migrations"]
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert {f"media/{name}": digest for name, digest in original_files.items()}.items() <= listed.items()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = restore_backup(archive, second_database)

    assert result.files == 3
    assert row_counts(second_database) == original_rows
    assert file_hashes(settings.MEDIA_ROOT) == original_files
    with second_database.cursor() as cursor:
        cursor.execute("SELECT title FROM activities_activityreport")
        assert cursor.fetchall() == [("备份里的活动",)]


def test_a_backup_is_readable_by_the_portal_account_only(school_with_files, tmp_path):
    archive = backup_to(tmp_path / "new-folder" / "nightly.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds password hashes and care notes
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
    assert not list(archive.parent.glob("*.partial"))


def test_a_restore_refuses_a_database_that_is_not_empty(school_with_files, settings, tmp_path):
    archive = backup_to(tmp_path / "b.tar.gz")
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    before = row_counts(connections["default"])

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert row_counts(connections["default"]) == before
    assert not (tmp_path / "empty-media").exists()


def test_a_restore_refuses_a_media_folder_that_holds_files(school_with_files, second_database, tmp_path):
    archive = backup_to(tmp_path / "b.tar.gz")
    with pytest.raises(BackupError, match="MEDIA_ROOT"):
        restore_backup(archive, second_database)
    assert second_database.introspection.table_names() == []


def test_a_damaged_archive_is_refused_before_anything_is_written(
    school_with_files, second_database, settings, tmp_path
):
    archive = backup_to(tmp_path / "b.tar.gz")
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.endswith(".xlsx"):
                data = b"a different summary"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(altered, second_database)

    assert second_database.introspection.table_names() == []
    assert not Path(settings.MEDIA_ROOT).exists()


def test_an_archive_with_a_file_outside_its_folders_is_refused(second_database, settings, tmp_path):
    hostile = tmp_path / "hostile.tar.gz"
    manifest = {
        "format": 1,
        "created_at": "2022-01-01T00:00:00+00:00",
        "database": {"engine": connections["default"].vendor, "file": "database/db.sqlite3"},
        "migrations": [],
        "files": [{"path": "media/../../etc/cron.d/x", "size": 1, "sha256": "0" * 64}],
    }
    with tarfile.open(hostile, "w:gz") as target:
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        target.addfile(info, io.BytesIO(body))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError, match="manifest|outside"):
        restore_backup(hostile, second_database)
    assert second_database.introspection.table_names() == []
