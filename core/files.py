"""The one store for files people upload: report evidence, assessment documents, and whatever comes next.

A stored file is a row of a model built on `StoredFile` plus one or more files on disk with generated names.
The store writes the files before the rows commit, so `writing_files()` removes what a failed request wrote;
`delete_after_commit()` removes files only once the row is gone for good; `serve()` is the only way a file
leaves the server, after the caller's view has found the row among what the user may see.

Checking an upload (type by content, size, re-encoding photos) is `activities.evidence.check_upload`'s job; the rows'
own rules (how many files an owner holds, when files may change) are their app's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """What every stored upload keeps beside its file: the name to show, its type, size, checksum and uploader."""

    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def stored_files(self) -> list[FieldFile]:
        """Every file on disk that belongs to this row."""
        return [self.file] if self.file else []

    def serve(self, *, inline: bool | None = None) -> FileResponse:
        """The file as a response; photos show inline, anything else downloads unless `inline` says otherwise."""
        if inline is None:
            inline = self.content_type.startswith("image/")
        return serve(self.file, filename=self.original_name, content_type=self.content_type, inline=inline)


class FileWriter:
    """Writes checked uploads onto rows, remembering each file so that a failure can remove it again."""

    def __init__(self) -> None:
        self.written: list[FieldFile] = []

    def save(self, row: StoredFile, checked, uploaded_by) -> StoredFile:
        """Fill `row` from a checked upload (core.uploads.CheckedFile), write its file(s) and save it."""
        row.original_name = checked.display_name
        row.content_type = checked.content_type
        row.size = len(checked.content)
        row.sha256 = checked.sha256
        row.uploaded_by = uploaded_by
        row.file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
        self.written.append(row.file)
        thumbnail = getattr(checked, "thumbnail", None)
        if thumbnail is not None and hasattr(row, "thumbnail"):
            row.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
            self.written.append(row.thumbnail)
        row.save()
        return row


@contextmanager
def writing_files() -> Iterator[FileWriter]:
    """A transaction in which files are written; if it fails for any reason, the files it wrote are removed."""
    writer = FileWriter()
    try:
        with transaction.atomic():
            yield writer
    except BaseException:
        for field_file in writer.written:
            field_file.storage.delete(field_file.name)
        raise


def delete_after_commit(rows: list[StoredFile]) -> None:
    """Remove the rows' files once the transaction that deletes the rows commits; a rollback keeps both."""
    files = [field_file for row in rows for field_file in row.stored_files()]

    def delete_files():
        for field_file in files:
            field_file.storage.delete(field_file.name)

    transaction.on_commit(delete_files)


def ascii_filename(filename: str) -> str:
    """The file name for a browser that cannot read `filename*`: its ASCII letters, digits and punctuation (accents
    dropped, each run of anything else one hyphen), the extension kept, "download" when nothing is left."""
    path = PurePosixPath(str(filename).replace("\\", "/").split("/")[-1])
    stem, suffix = path.stem, path.suffix

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")

    stem = plain(stem)
    suffix = "." + plain(suffix) if plain(suffix) else ""
    return (stem or "download") + suffix


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition of every download (RFC 6266): the name in UTF-8 as `filename*` (RFC 5987), so
    that 成员单位-2022.xlsx arrives as it is called, and an ASCII `filename` for browsers that do not read it."""
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_filename(filename)}\"; filename*=utf-8''{quote(str(filename), safe='')}"


def attach(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    """`response` as a download named `filename` (or, `inline`, shown with that name)."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def serve(field_file: FieldFile, *, filename: str, content_type: str, inline: bool) -> FileResponse:
    """A stored file as a response that a browser will not sniff into something else; 404 if it is gone."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = attach(FileResponse(handle, content_type=content_type), filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# No script, form, plugin or popup, a unique origin, nothing fetched but its own inline styles and images; only
# the portal's own pages may frame it.
INLINE_FILE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
)


def sandboxed(response):
    """A stored file shown inline: sandboxed (no script, no form, no plugin, a unique origin), framable by the
    portal's own pages only."""
    response["Content-Security-Policy"] = INLINE_FILE_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
