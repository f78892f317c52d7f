"""Sizing up a zip archive (.docx, .xlsx) from its directory alone, before anything in it is decompressed.

A small upload can hold hundreds of thousands of entries (reading their directory alone takes seconds) or
unpack to gigabytes. The entry count and the directory's size are read from the archive's end record first,
so an archive with too many entries is refused without parsing its directory; only then is the directory read
and the declared sizes added up. Python's zipfile never unpacks more than an entry's declared size, so the
declared total bounds what any later reader decompresses.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from typing import BinaryIO

_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_LONGEST_COMMENT = 0xFFFF
# A directory record is 46 bytes plus the entry's name and extra fields; real documents stay far below this
# average, and an archive whose directory is larger than its entry budget allows is refused unread.
_DIRECTORY_BYTES_PER_ENTRY = 512


class ArchiveTooLarge(Exception):
    """The archive holds more entries, or unpacks to more bytes, than allowed. `reason` says which."""

    ENTRIES = "entries"
    SIZE = "size"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_zip_limits(data: bytes, *, max_entries: int, max_uncompressed_bytes: int) -> None:
    """Raise ArchiveTooLarge when `data` holds more than `max_entries` entries or declares more than
    `max_uncompressed_bytes` in all; zipfile.BadZipFile when it is not a readable zip archive."""
    check_zip_file_limits(io.BytesIO(data), max_entries=max_entries, max_uncompressed_bytes=max_uncompressed_bytes)


def check_zip_file_limits(file: BinaryIO, *, max_entries: int, max_uncompressed_bytes: int) -> None:
    """`check_zip_limits` for a seekable binary file (an upload kept on disk): only its tail and its directory are
    read."""
    if max_entries >= 0xFFFF:
        # The end record counts up to 65,534; 0xFFFF means "see the ZIP64 record", which is not read here.
        raise ValueError("max_entries must be below 65,535")
    entries, directory_bytes = _end_record_totals(_tail(file))
    if entries > max_entries or directory_bytes > max_entries * _DIRECTORY_BYTES_PER_ENTRY:
        raise ArchiveTooLarge(ArchiveTooLarge.ENTRIES)
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
    file.seek(0)
    if len(members) > max_entries:
        raise ArchiveTooLarge(ArchiveTooLarge.ENTRIES)
    if sum(member.file_size for member in members) > max_uncompressed_bytes:
        raise ArchiveTooLarge(ArchiveTooLarge.SIZE)


def _tail(file: BinaryIO) -> bytes:
    """The end of the file where the end-of-central-directory record (and its comment) may be."""
    size = file.seek(0, io.SEEK_END)
    file.seek(max(0, size - _END_RECORD.size - _LONGEST_COMMENT))
    return file.read()


def _end_record_totals(data: bytes) -> tuple[int, int]:
    """(entries, directory size in bytes) as the archive's end-of-central-directory record declares them, from
    the archive's last bytes."""
    position = data.rfind(_END_SIGNATURE)
    if position < 0 or position + _END_RECORD.size > len(data):
        raise zipfile.BadZipFile("no end-of-central-directory record")
    _signature, _disk, _directory_disk, _entries_here, entries, directory_bytes, _offset, _comment = (
        _END_RECORD.unpack_from(data, position)
    )
    return entries, directory_bytes


_UNSAFE = re.compile(r'[\\/:*?"<>|]')
_MAX_NAME = 80


def safe_member_name(name: str) -> str:
    """A file name that unpacks as one file in the archive's folder on Windows, macOS and Linux."""
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if len(name) > _MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (
            stem[: _MAX_NAME - len(extension) - 1] + dot + extension
            if dot and len(extension) <= 10
            else name[:_MAX_NAME]
        )
    return name or "file"
