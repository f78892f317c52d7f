"""The bulletin as a printed document: its outline (core.outline) as a tagged PDF in the Simplified Chinese face,
every typed line autoescaped by the template."""

from __future__ import annotations

from django.template.loader import render_to_string

from core.outline import outline
from core.pdf import render_pdf

from .models import Bulletin


def filename(bulletin: Bulletin, extension: str) -> str:
    return f"工作简报-{bulletin.year}-{bulletin.number:02d}.{extension}"


def build_pdf(bulletin: Bulletin) -> bytes:
    html = render_to_string(
        "bulletins/bulletin_pdf.html",
        {"bulletin": bulletin, "outline": outline(bulletin.text), "school": bulletin.institution},
    )
    return render_pdf(html)
