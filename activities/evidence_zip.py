"""A report's evidence as one zip file.

The zip is written to a temporary file on disk (never held in memory) and streamed from there; a report holds at
most MAX_FILES_PER_REPORT files of at most MAX_FILE_BYTES each, so the archive's size is bounded. Photos and PDFs
are already compressed, so members are stored as they are. Each member's name is made safe here: numbered (two
files may share a name), no folders, no control characters, no leading dots.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from core.archives import safe_member_name
from core.files import attach

from .models import ActivityReport, Evidence


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
    response = attach(FileResponse(archive, content_type="application/zip"), filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
