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
from dataclasses import dataclass, field
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


class Damage:
    """What can be wrong with the archive itself or its manifests, before any file is compared."""

    NOT_A_ZIP = "not_a_zip"
    NO_MANIFEST = "no_manifest"
    MANIFEST_UNREADABLE = "manifest_unreadable"
    MANIFEST_LINE = "manifest_line"
    JSON_UNREADABLE = "json_unreadable"
    MANIFESTS_DISAGREE = "manifests_disagree"


@dataclass
class ArchiveCheck:
    """What checking a zip against its manifest found: the files that match, each kind of difference, and damage
    to the archive or its manifests (with `detail`: the zip's error, or the manifest's line number). The page says
    it in the reader's language; `problems()` says it in English for the command and the log."""

    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (name, actual sha256, listed sha256)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (name, the error)
    unlisted: list[str] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.unreadable or self.unlisted or self.damage)

    def problems(self) -> list[str]:
        said = {
            Damage.NOT_A_ZIP: f"not a readable zip archive ({self.detail})",
            Damage.NO_MANIFEST: f"{MANIFEST} is missing",
            Damage.MANIFEST_UNREADABLE: f"{MANIFEST} is damaged or not text",
            Damage.MANIFEST_LINE: f"{MANIFEST} line {self.detail} is not '<sha256>  <path>'",
            Damage.JSON_UNREADABLE: f"{MANIFEST_JSON} is not readable",
            Damage.MANIFESTS_DISAGREE: f"{MANIFEST_JSON} and {MANIFEST} disagree",
        }
        # The archive's own damage first (nothing was compared after it), the second manifest's last.
        manifests = {Damage.JSON_UNREADABLE, Damage.MANIFESTS_DISAGREE}
        return [
            *(said[d] for d in self.damage if d not in manifests),
            *(f"missing: {name}" for name in self.missing),
            *(f"unreadable: {name} ({error})" for name, error in self.unreadable),
            *(f"changed: {name} (sha256 {actual}, manifest says {listed})" for name, actual, listed in self.changed),
            *(f"not in the manifest: {name}" for name in self.unlisted),
            *(said[d] for d in self.damage if d in manifests),
        ]


class _BadLine(Exception):
    def __init__(self, number: int):
        self.number = number


def _manifest_lines(text: str) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
        if not found:
            raise _BadLine(number)
        yield found.group(2), found.group(1)


# What reading a damaged entry of a zip may raise.
_DAMAGED_ENTRY = (zipfile.BadZipFile, OSError, zlib.error, EOFError)


def check(source) -> ArchiveCheck:
    """Check a zip (a path or a binary file) against its manifest: every file listed is there with its checksum,
    and no file is there that is not listed. Each entry is hashed as it is read, never held whole in memory."""
    result = ArchiveCheck()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        result.damage.append(Damage.NOT_A_ZIP)
        result.detail = str(error)
        return result
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            result.damage.append(Damage.NO_MANIFEST)
            return result
        try:
            listed = dict(_manifest_lines(archive.read(MANIFEST).decode()))
        except _BadLine as bad:
            result.damage.append(Damage.MANIFEST_LINE)
            result.detail = str(bad.number)
            return result
        except (UnicodeDecodeError, *_DAMAGED_ENTRY):
            result.damage.append(Damage.MANIFEST_UNREADABLE)
            return result
        for name, expected in listed.items():
            if name not in names:
                result.missing.append(name)
                continue
            try:
                with archive.open(name) as entry:
                    actual = hashlib.file_digest(entry, "sha256").hexdigest()
            except _DAMAGED_ENTRY as error:
                result.unreadable.append((name, str(error)))
                continue
            if actual == expected:
                result.matched.append(name)
            else:
                result.changed.append((name, actual, expected))
        result.unlisted = sorted(names - set(listed) - {MANIFEST, MANIFEST_JSON})
        if MANIFEST_JSON in names:
            try:
                summary = json.loads(archive.read(MANIFEST_JSON))
                json_sums = {name: item["sha256"] for name, item in summary["files"].items()}
            except (ValueError, KeyError, TypeError, AttributeError, *_DAMAGED_ENTRY):
                result.damage.append(Damage.JSON_UNREADABLE)
            else:
                if json_sums != listed:
                    result.damage.append(Damage.MANIFESTS_DISAGREE)
    return result


def verify(source) -> int:
    """Check a zip (a path or a file object) against its manifest; the number of files checked.

    Raises ArchiveInvalid naming every file that is missing, changed or not listed."""
    result = check(source)
    if not result.ok:
        raise ArchiveInvalid(result.problems())
    return len(result.matched)
