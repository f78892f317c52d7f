"""The year's archive (档案): one zip of named sections and a manifest of SHA-256 checksums.

The archive is a registry of sections. A section is one function `(year) -> Iterable[(path, bytes)]` that yields
the files it adds under its own folder; `register(key, title, build)` adds one. Sections of apps that this app
must not import (the committee's meeting minutes and notices) join without an import: their AppConfig names
them, e.g.

    class CommitteeConfig(AppConfig):
        archive_sections = [("minutes", _("Meeting minutes"), "committee.archive.minutes")]

and `discover()` (called from this app's ready()) imports each dotted path and registers it.

The zip holds `MANIFEST.sha256` (one `<sha256>  <path>` line per file, as `sha256sum -c` reads it) and
`manifest.json` (the same with sizes, the year and the time of the build); `verify()` checks a zip against its
manifest: every file listed is there with its checksum, and no file is there that is not listed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string

MANIFEST = "MANIFEST.sha256"
MANIFEST_JSON = "manifest.json"

Builder = Callable[[int], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    build: Builder


SECTIONS: dict[str, Section] = {}


def register(key: str, title: str, build: Builder) -> None:
    """Add a section (or replace the one of the same key: a reload registers again)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", key):
        raise ValueError(f"archive section key {key!r}: lower-case letters, digits, - and _ only")
    SECTIONS[key] = Section(key, str(title), build)


def discover() -> None:
    """Register the sections other apps name in their AppConfig's `archive_sections` (key, title, dotted path)."""
    for config in apps.get_app_configs():
        for key, title, dotted in getattr(config, "archive_sections", ()):
            register(key, title, import_string(dotted))


def as_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain).encode()


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(year: int, progress: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    """The year's archive as zip bytes, and how many files it holds beside the manifests (small years, tests)."""
    buffer = io.BytesIO()
    count = write(year, buffer, progress)
    return buffer.getvalue(), count


# A long section (a year of reports with their photos) reports progress, which is also the build's heartbeat,
# after this many files, so that a live build is never taken for a dead one.
HEARTBEAT_EVERY = 100


def write(year: int, target: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """Write the year's archive into `target` (a binary file, e.g. a temporary file: a year's evidence may be
    large); the number of files beside the manifests. Each file is read and written once, never all at once."""
    checksums: dict[str, dict] = {}
    sections = list(SECTIONS.values())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, part in enumerate(sections):
            percent = int(95 * done / max(1, len(sections)))
            for number, (path, content) in enumerate(part.build(year), start=1):
                name = f"{part.key}/{path}"
                if name in checksums or ".." in name.split("/") or name.startswith("/"):
                    raise ValueError(f"archive section {part.key} gave a bad or repeated path: {path!r}")
                archive.writestr(name, content)
                checksums[name] = {"sha256": sha256(content), "size": len(content)}
                if progress and number % HEARTBEAT_EVERY == 0:
                    progress(percent)
            if progress:
                progress(int(95 * (done + 1) / max(1, len(sections))))
        lines = "".join(f"{item['sha256']}  {name}\n" for name, item in checksums.items())
        archive.writestr(MANIFEST, lines)
        archive.writestr(
            MANIFEST_JSON,
            as_json(
                {
                    "year": year,
                    "built_at": timezone.now(),
                    "sections": [{"key": part.key, "title": part.title} for part in sections],
                    "files": checksums,
                }
            ),
        )
    return len(checksums)


class ArchiveInvalid(Exception):
    """The archive does not match its manifest; `problems` lists each difference."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _manifest_lines(text: str) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
        if not found:
            raise ArchiveInvalid([f"{MANIFEST} line {number} is not '<sha256>  <path>'"])
        yield found.group(2), found.group(1)


def verify(source) -> int:
    """Check a zip (a path or a file object) against its manifest; the number of files checked.

    Raises ArchiveInvalid naming every file that is missing, changed or not listed."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveInvalid([f"not a readable zip archive ({error})"]) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise ArchiveInvalid([f"{MANIFEST} is missing"])
        try:
            listed = dict(_manifest_lines(archive.read(MANIFEST).decode()))
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError, zlib.error, EOFError):
            raise ArchiveInvalid([f"{MANIFEST} is damaged or not text"]) from None
        problems = []
        for name, expected in listed.items():
            if name not in names:
                problems.append(f"missing: {name}")
                continue
            try:
                actual = sha256(archive.read(name))
            except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as error:  # a damaged entry
                problems.append(f"unreadable: {name} ({error})")
                continue
            if actual != expected:
                problems.append(f"changed: {name} (sha256 {actual}, manifest says {expected})")
        for name in sorted(names - set(listed) - {MANIFEST, MANIFEST_JSON}):
            problems.append(f"not in the manifest: {name}")
        if MANIFEST_JSON in names:
            try:
                summary = json.loads(archive.read(MANIFEST_JSON))
                json_sums = {name: item["sha256"] for name, item in summary["files"].items()}
            except (
                ValueError,
                KeyError,
                TypeError,
                AttributeError,
                zipfile.BadZipFile,
                OSError,
                zlib.error,
                EOFError,
            ):
                problems.append(f"{MANIFEST_JSON} is not readable")
            else:
                if json_sums != listed:
                    problems.append(f"{MANIFEST_JSON} and {MANIFEST} disagree")
        if problems:
            raise ArchiveInvalid(problems)
        return len(listed)
