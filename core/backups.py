"""Backing up the portal into one archive, and restoring it into an empty installation.

An archive (.tar.gz) holds `manifest.json`, the database and every file under MEDIA_ROOT (evidence photos and
documents, assessment documents, built summaries). The database is copied consistently while the portal runs:
SQLite through its online backup API, PostgreSQL with `pg_dump --format=custom`. The manifest records when and
from which database engine the backup was made, the migrations applied at that moment, and the path, size and
SHA-256 of every file in the archive.

A restore refuses a database that already has tables and a MEDIA_ROOT that already holds files, so it never
mixes two installations or overwrites one. It unpacks the archive into a staging folder and checks every
file against the manifest before it writes anything to the database or to MEDIA_ROOT.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024
_DATABASE_FILES = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    created_at: str
    files: int
    migrations: int


# ---- backing up -------------------------------------------------------------------------------------------------


def create_backup(destination: Path, connection=None) -> BackupResult:
    """Write a backup archive of `connection`'s database (default: the portal's) and MEDIA_ROOT at
    `destination` (a .tar.gz); the parent folder is created if needed."""
    connection = connection or connections["default"]
    engine = _engine(connection)
    if engine == "sqlite":
        name = connection.settings_dict["NAME"]
        if not Path(name).is_file():
            raise BackupError(f"There is no SQLite database at {name}: check DATABASE_URL.")
    if not connection.introspection.table_names():
        raise BackupError("The database has no tables (has `manage.py migrate` been run?): nothing to back up.")
    private_folder(destination.parent)
    with tempfile.TemporaryDirectory(prefix="gkw-backup-") as staging:
        dump = Path(staging) / "db"
        if engine == "sqlite":
            _dump_sqlite(connection, dump)
        else:
            _dump_postgresql(connection, dump)
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        entries = [(_DATABASE_FILES[engine], dump)] + [
            (f"media/{p.relative_to(media_root).as_posix()}", p) for p in media
        ]
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": {"engine": engine, "file": _DATABASE_FILES[engine]},
            "migrations": sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()),
            "files": [{"path": name, **_size_and_hash(path)} for name, path in entries],
        }
        partial = destination.with_name(destination.name + ".partial")
        partial.unlink(missing_ok=True)
        # Readable by the portal's own account only, from its first byte: it holds password hashes and care notes.
        with (
            os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as private,
            tarfile.open(fileobj=private, mode="w:gz") as archive,
        ):
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
            for name, path in entries:
                archive.add(path, arcname=name, recursive=False)
        # Renamed only when complete, so a backup interrupted halfway never looks like a good one.
        partial.replace(destination)
    return BackupResult(destination, len(entries), destination.stat().st_size)


def private_folder(folder: Path) -> None:
    """Create `folder` (and its missing parents) for the portal's account only; the default backups folder is made
    private even if it exists. A folder someone chose that already exists is left as they set it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder == default_backup_path().parent:
        folder.chmod(0o700)


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    # Not under var/, which `make clean` removes.
    return Path(settings.BASE_DIR) / "backups" / f"gkw-backup-{stamp}.tar.gz"


def _dump_sqlite(connection, target: Path) -> None:
    name = connection.settings_dict["NAME"]
    # The online backup API copies a consistent snapshot even while the portal writes.
    source = sqlite3.connect(name)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def _dump_postgresql(connection, target: Path) -> None:
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        connection,
        what="pg_dump",
    )


# ---- restoring --------------------------------------------------------------------------------------------------


def restore_backup(archive_path: Path, connection=None) -> RestoreResult:
    """Restore `archive_path` into the empty database of `connection` (default: the portal's) and the empty
    MEDIA_ROOT."""
    connection = connection or connections["default"]
    engine = _engine(connection)
    if connection.introspection.table_names():
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} is not empty: it already has tables. A restore "
            "goes only into an empty database; create a new one (createdb, or a new SQLite file in DATABASE_URL) "
            "and do not run migrate on it first."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds files. A restore writes only into an empty MEDIA_ROOT; "
            "point MEDIA_ROOT at a new folder or move the files away."
        )
    with tempfile.TemporaryDirectory(prefix="gkw-restore-") as staging_dir:
        staging = Path(staging_dir)
        manifest = _unpack_and_verify(archive_path, staging)
        backup_engine = manifest["database"]["engine"]
        if backup_engine != engine:
            raise BackupError(
                f"The backup was made from {backup_engine}, and this portal now uses {engine}; restore it into "
                f"a {backup_engine} database."
            )
        # Everything is checked; only now are the database and the files written.
        dump = staging / manifest["database"]["file"]
        if engine == "sqlite":
            _load_sqlite(connection, dump)
        else:
            _load_postgresql(connection, dump)
        media = [entry["path"] for entry in manifest["files"] if entry["path"].startswith("media/")]
        for name in media:
            target = media_root / PurePosixPath(name).relative_to("media")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / name, target)
    return RestoreResult(engine, manifest["created_at"], len(media), len(manifest["migrations"]))


def _unpack_and_verify(archive_path: Path, staging: Path) -> dict:
    """Unpack into `staging` only the files the manifest lists, each checked for its size and SHA-256."""
    seen: set[str] = set()
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            expected = {entry["path"]: entry for entry in manifest["files"]}
            for member in archive:
                if member.name == MANIFEST:
                    continue
                entry = expected.get(member.name)
                if entry is None or not member.isfile() or member.name in seen:
                    raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
                seen.add(member.name)
                _unpack_checked(archive, member, entry, staging / _safe_relative(member.name))
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(
            f"{archive_path} cannot be read as a backup archive (.tar.gz) or is damaged ({error}). "
            "Nothing was restored."
        ) from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} files its manifest lists, first {missing[0]}.")
    return manifest


def _unpack_checked(archive: tarfile.TarFile, member: tarfile.TarInfo, entry: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with archive.extractfile(member) as source, target.open("wb") as copy:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
    if (size, digest.hexdigest()) != (entry["size"], entry["sha256"]):
        raise BackupError(
            f"{member.name} in the archive does not match its checksum in the manifest: the backup is damaged "
            "or was altered. Nothing was restored."
        )


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
        engine = manifest["database"]["engine"]
        if manifest["format"] != FORMAT_VERSION or manifest["database"]["file"] != _DATABASE_FILES[engine]:
            raise ValueError("unknown format")
        for entry in manifest["files"]:
            _safe_relative(entry["path"])
            if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
                raise ValueError(entry)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BackupError(
            f"The archive has no valid {MANIFEST}; it is not a backup made by `manage.py backup`."
        ) from error
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] not in {("database",), ("media",)}:
        raise BackupError(f"The archive names a file outside the backup's folders: {name!r}.")
    return path


def _load_sqlite(connection, dump: Path) -> None:
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _load_postgresql(connection, dump: Path) -> None:
    connection.close()
    _run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(dump)],
        connection,
        what="pg_restore",
    )


# ---- shared -----------------------------------------------------------------------------------------------------


def _engine(connection) -> str:
    if connection.vendor not in _DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _size_and_hash(path: Path) -> dict:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return found


def _run(command: list[str], connection, *, what: str) -> None:
    """Run a PostgreSQL client against the connection's database; the password goes by environment, never argv."""
    options = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": options.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    arguments = [f"--dbname={options['NAME']}"]
    if options.get("HOST"):
        arguments.append(f"--host={options['HOST']}")
    if options.get("PORT"):
        arguments.append(f"--port={options['PORT']}")
    if options.get("USER"):
        arguments.append(f"--username={options['USER']}")
    # A fixed tool found on PATH, with arguments from our own settings: no shell, nothing from a request.
    finished = subprocess.run(  # noqa: S603
        [*command, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(f"{what} failed: {finished.stderr.strip() or finished.returncode}")
