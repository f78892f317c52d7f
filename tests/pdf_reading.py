"""Reading a printed PDF the way its readers do, with poppler's tools (Debian poppler-utils): where each word
lands on the page (`pdftotext -bbox-layout`), which fonts are embedded (`pdffonts`), the logical structure a
screen reader follows (`pdfinfo -struct-text`), and the document catalog's accessibility entries."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

POPPLER = ("pdftotext", "pdffonts", "pdfinfo")
PT_PER_PX = 0.75  # CSS pixels (WeasyPrint's layout) to PDF points (poppler's coordinates)


def require_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils is not installed ({', '.join(missing)})")


def _run(tool: str, pdf: bytes, tmp_path: Path, *arguments: str) -> str:
    require_poppler()
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    to_stdout = ["-"] if tool == "pdftotext" else []  # the others print to stdout by themselves
    done = subprocess.run([tool, *arguments, str(path), *to_stdout], check=True, capture_output=True, text=True)  # noqa: S603 -- poppler on our own file
    return done.stdout


@dataclass(frozen=True)
class Word:
    page: int  # from 1
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float


def words(pdf: bytes, tmp_path: Path) -> tuple[list[Page], list[Word]]:
    """Every word poppler finds, with its box in points from the page's top left corner."""
    html = _run("pdftotext", pdf, tmp_path, "-bbox-layout")
    pages, found = [], []
    found_pages = re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    for number, page in enumerate(found_pages, 1):
        pages.append(Page(number, float(page[1]), float(page[2])))
        for word in re.finditer(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', page[3]
        ):
            found.append(Word(number, *map(float, word.groups()[:4]), word[5]))
    return pages, found


def fonts(pdf: bytes, tmp_path: Path) -> list[str]:
    """The embedded fonts' names without their subset prefix (`Noto-Sans-CJK-SC-Bold`)."""
    listing = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in listing if line.strip()]


def structure(pdf: bytes, tmp_path: Path) -> str:
    """The structure tree with its text, in its logical order: what a screen reader reads."""
    return _run("pdfinfo", pdf, tmp_path, "-struct-text")


def table_rows(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Each TR of the structure tree as the texts of its cells, in the tree's order."""
    rows: list[list[str]] = []
    cell_indent = None
    for line in structure(pdf, tmp_path).splitlines():
        indent = len(line) - len(line.lstrip())
        tag = line.strip()
        if tag == "TR":
            rows.append([])
            cell_indent = None
        elif rows and re.match(r"T[HD]\b", tag):
            cell_indent = indent
            rows[-1].append("")
        elif rows and cell_indent is not None and indent > cell_indent and tag.startswith('"'):
            rows[-1][-1] += tag.strip('"')
        elif rows and cell_indent is not None and indent <= cell_indent - 2:
            cell_indent = None  # out of the row
    return rows


def catalog(pdf: bytes) -> bytes:
    """The document catalog's dictionary, found in the file or in a compressed object stream."""
    parts = [pdf] + [_inflate(stream) for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)]
    for part in parts:
        found = re.search(rb"<<(?:<<[^<>]*>>|(?!<<|>>).)*?/Type\s*/Catalog(?:<<[^<>]*>>|(?!>>).)*>>", part, re.S)
        if found:
            return found.group(0)
    raise AssertionError("no document catalog in the PDF")


def _inflate(stream: bytes) -> bytes:
    try:
        return zlib.decompress(stream)
    except zlib.error:
        return b""  # an image or a font program under another filter: no catalog in it
