"""A survey's QR code, made on the server with segno (no outside service): an SVG for the page and the poster, a
PNG to download and print."""

from __future__ import annotations

import io

import segno


def _code(url: str) -> segno.QRCode:
    # Error correction M: a poster survives a fold or a smudge, and the code stays small enough to scan from afar.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, scale: int = 6) -> str:
    """The code as an inline SVG element (no XML declaration), sized by its page's CSS (a viewBox, no size) and
    titled for screen readers."""
    svg = _code(url).svg_inline(scale=scale, border=2, title=url, omitsize=True, svgclass="gkw-qr")
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_svg_file(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=scale, border=2, title=url)
    return buffer.getvalue()


def qr_png(url: str, scale: int = 12) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
