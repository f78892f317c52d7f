"""The year's published bulletins in the school's year archive (档案): each as its text and its PDF. The publicity
app finds this section through BulletinsConfig.archive_sections (it sits above this app)."""

from __future__ import annotations

from collections.abc import Iterator

from core.pdf import PdfUnavailable

from . import document
from .models import Bulletin


def bulletin_files(year: int) -> Iterator[tuple[str, bytes]]:
    bulletins = list(Bulletin.objects.filter(year=year, status=Bulletin.Status.PUBLISHED).order_by("month"))
    if not bulletins:
        yield "README.txt", f"No bulletin was published in {year}.\n".encode()
        return
    for bulletin in bulletins:
        stem = f"{bulletin.number:02d}-{bulletin.year}-{bulletin.month:02d}"
        yield f"{stem}.txt", bulletin.text.encode()
        try:
            yield f"{stem}.pdf", document.build_pdf(bulletin)
        except PdfUnavailable as missing:  # a server without Pango: the archive says so and keeps the rest
            yield f"{stem}-pdf-missing.txt", str(missing).encode()
