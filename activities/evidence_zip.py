"""A report's evidence as one zip file, and the policy under which stored files are shown inline.

The zip is written to a temporary file on disk (never held in memory) and streamed from there; a report holds at
most MAX_FILES_PER_REPORT files of at most MAX_FILE_BYTES each, so the archive's size is bounded. Photos and PDFs
are already compressed, so members are stored as they are. Each member's name is made safe here: numbered (two
files may share a name), no folders, no control characters, no leading dots.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
import zipfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from .models import ActivityReport, Evidence

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


def member_names(evidence: list[Evidence]) -> list[str]:
    """Numbered names in the report's order: 01-合影.jpg, 02-签到表.pdf."""
    width = max(2, len(str(len(evidence))))
    return [f"{number:0{width}d}-{safe_member_name(item.original_name)}" for number, item in enumerate(evidence, 1)]


def zip_response(report: ActivityReport, evidence: list[Evidence]) -> FileResponse:
    archive = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it, and the system removes it
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zipped:
        for item, name in zip(evidence, member_names(evidence), strict=True):
            try:
                source = item.file.open("rb")
            except FileNotFoundError:
                continue  # a file lost on disk must not cost the reader the others
            with source, zipped.open(name, "w", force_zip64=True) as member:
                shutil.copyfileobj(source, member, 1024 * 1024)
    archive.seek(0)
    filename = _("%(title)s evidence.zip") % {"title": safe_member_name(report.title)[:40]}
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
