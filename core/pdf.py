"""Laying out HTML as a PDF (WeasyPrint): the annual summary, the region's review summary, and those to come.

WeasyPrint is loaded only when a PDF is asked for: it needs Pango and a CJK font from the system, and a server
without them still runs the portal and says what to install."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import ImageFile

from core.errors import Refused


class PdfUnavailable(Refused):
    """WeasyPrint or its system libraries (Pango) are missing: the message says what to install; the loader's
    own error is its cause, for the log."""


def weasyprint():
    """WeasyPrint's HTML and URLFetcher, or PdfUnavailable saying what to install."""
    try:
        from weasyprint import HTML, URLFetcher  # needs Pango from the system: loaded only when a PDF is asked for
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            _(
                "The PDF cannot be made on this server because WeasyPrint or its system libraries are missing. "
                "Ask the administrator to install the Debian packages fonts-noto-cjk and libpango-1.0-0 (Pango), "
                "then try again."
            )
        ) from error
    # WeasyPrint switches on Pillow's acceptance of truncated images for the whole process; the PDFs embed no
    # uploaded pictures, and upload checks in this process must keep refusing truncated files.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML, URLFetcher


# The bidi embedding, override and isolate controls (LRE … RLO, LRI … PDI). The portal's own text never uses them;
# in typed text an unclosed override reverses everything after it on the printed line, the portal's words too
# ("评议汇总表 2022" printed as "2022 表总汇议评"), and disguises what was typed ("gpj.exe" shown as "exe.jpg").
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


# PDF/UA-1 (ISO 14289-1): a tagged PDF whose structure tree carries headings, tables (rows, header cells) and the
# document's language, so that a screen reader reads a table row by row instead of in the page's drawing order.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str) -> bytes:
    """The PDF of a page that references nothing outside itself: the fetcher refuses the network should that
    ever change, since the servers have none and a hanging fetch would stall the worker. Bidi controls are left
    out: a printed page has no way to isolate a typed text from the words around it. Tagged (PDF_VARIANT)."""
    html_class, fetcher_class = weasyprint()
    document = html_class(
        string=BIDI_CONTROLS.sub("", html),
        base_url=settings.BASE_DIR.as_uri() + "/",
        url_fetcher=fetcher_class(allowed_protocols={"file", "data"}),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
