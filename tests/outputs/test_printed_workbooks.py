"""Every workbook the portal writes, printed the way people will print it: converted to PDF by LibreOffice
headless (Debian libreoffice-calc-nogui; CI installs it) and read back with poppler.

All workbooks go through one soffice call (it takes seconds to start) with a profile of its own, so parallel test
processes do not share one. From the PDFs: each page carries the title and "page i of N"; the body text is never
under 8 pt (measured from the width of words of Chinese characters, each a full em of the font size); the text
of every cell is printed whole (LibreOffice draws only the lines a row has room for); and the Chinese glyphs are
the Simplified Chinese face's. pdffonts names every face of Noto Sans CJK "NotoSansCJKjp": the faces share one
CFF font program, so the face is told by its glyphs — the glyph each character maps to in the SC face, read from
the embedded font's encoding and the ToUnicode map, where the JP face maps it to another.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import zlib
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import xlsx

from .workbooks import BOOKS, YEAR

pytestmark = pytest.mark.django_db

BOOK_NAMES = [book.name for book in BOOKS]
# A word of CJK ideographs only: each advances one em, so its width over its length is the font size.
IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]+")
SC, JP = 2, 0  # the faces' numbers in Noto Sans CJK's collection


def missing_tools() -> str:
    needed = {"soffice": "libreoffice-calc-nogui", "pdftotext": "poppler-utils", "fc-match": "fontconfig"}
    missing = [f"{tool} ({package})" for tool, package in needed.items() if not shutil.which(tool)]
    return f"not installed: {', '.join(missing)}" if missing else ""


@pytest.fixture(scope="module")
def printed(workbooks, tmp_path_factory) -> dict[str, Path]:
    """Each workbook as LibreOffice prints it."""
    if reason := missing_tools():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("printed")
    names = {}
    for number, (name, content) in enumerate(workbooks.items()):
        path = folder / f"book{number}.xlsx"
        path.write_bytes(content)
        names[name] = folder / f"book{number}.pdf"
    profile = tmp_path_factory.mktemp("soffice-profile")
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sorted(str(path) for path in folder.glob("*.xlsx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name, pdf in names.items():
        assert pdf.exists(), f"LibreOffice did not print {name}"
    return names


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
# Room between two words' boxes that merely touch (a cell's border, a space).
TOUCH_PT = 0.5


def boxes(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, its words as (text, x_min, y_min, x_max, y_max), from poppler's word boxes."""
    output = subprocess.run(
        [shutil.which("pdftotext"), "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [(html.unescape(text), *map(float, corners)) for *corners, text in WORD.findall(page)]
        for page in output.split("<page ")[1:]
    ]


def pages(pdf: Path) -> list[list[tuple[str, float]]]:
    """Per page, its words as (text, width)."""
    return [[(text, x_max - x_min) for text, x_min, _y, x_max, _y2 in page] for page in boxes(pdf)]


def overlapping_words(page) -> list[tuple[str, str]]:
    """Words drawn over one another: the lines of a cell spilling out of a row too short for them (LibreOffice
    draws them all and lets the next row's text cover them)."""
    words = sorted(page, key=lambda word: word[2])
    found = []
    for index, (text, x_min, _y_min, x_max, y_max) in enumerate(words):
        for other, ox_min, oy_min, ox_max, _oy_max in words[index + 1 :]:
            if oy_min >= y_max - TOUCH_PT:
                break
            if ox_min < x_max - TOUCH_PT and x_min < ox_max - TOUCH_PT:
                found.append((text, other))
    return found


def plain_text(pdf: Path) -> str:
    """The PDF's text in drawing order (a cell's lines one after another), without any white space."""
    text = subprocess.run(
        [shutil.which("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", text)


def smallest_text_pt(words) -> float:
    sizes = [width / len(text) for text, width in words if IDEOGRAPHS.fullmatch(text)]
    assert sizes, "a page without Chinese text"
    return min(sizes)


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_every_page_is_titled_numbered_and_printed_at_8_pt_or_more(printed, workbooks, name):
    book = load_workbook(io.BytesIO(workbooks[name]))
    printed_pages = pages(printed[name])
    assert len(printed_pages) >= len(book.worksheets)
    for number, words in enumerate(printed_pages, start=1):
        text = "".join(word for word, _width in words)
        assert str(YEAR) in text, f"{name}, page {number}: no title"
        assert re.search(rf"第{number}页，共\d+页", text), f"{name}, page {number}: no page number"
        size = smallest_text_pt(words)
        assert size >= xlsx.MIN_PRINTED_PT - 0.05, f"{name}, page {number}: text at {size:.2f} pt"


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_no_text_is_cut_off_in_print(printed, workbooks, name):
    for number, page in enumerate(boxes(printed[name]), start=1):
        assert not overlapping_words(page), f"{name}, page {number}: text over text {overlapping_words(page)[:3]}"
    text = plain_text(printed[name])
    book = load_workbook(io.BytesIO(workbooks[name]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip():
                    expected = re.sub(r"\s+", "", cell.value)
                    assert expected in text, f"{name} / {sheet.title} / {cell.coordinate}: {cell.value!r} cut off"


def cid(glyph_name: str) -> int | None:
    """The CID of a glyph named cidNNNNN (fontTools pads the number, LibreOffice does not)."""
    return int(glyph_name[3:]) if re.fullmatch(r"cid\d+", glyph_name) else None


@cache
def face_glyphs(face: int) -> dict[int, int | None]:
    """{code point: CID} of a face of the collection the SC face's name resolves to."""
    from fontTools.ttLib import TTFont

    path = subprocess.run(
        [shutil.which("fc-match"), "-f", "%{file}", xlsx.FONT_NAME], check=True, capture_output=True, text=True
    ).stdout
    return {point: cid(name) for point, name in TTFont(path, fontNumber=face, lazy=True).getBestCmap().items()}


def pdf_objects(pdf: Path) -> dict[int, tuple[bytes, bytes]]:
    """{object number: (dictionary, decoded stream or b"")} of an uncompressed-xref PDF such as LibreOffice's."""
    objects = {}
    for match in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf.read_bytes(), re.S):
        head, marker, rest = match.group(2).partition(b"stream")
        body = b""
        if marker:
            body = rest.lstrip(b"\r\n")
            body = body[: body.rindex(b"endstream")]
            body = zlib.decompress(body) if b"FlateDecode" in head else body
        objects[int(match.group(1))] = (head, body)
    return objects


def glyphs_drawn(pdf: Path) -> dict[str, str]:
    """{character: glyph name} of the embedded fonts, from each font program's encoding and its ToUnicode map.
    LibreOffice embeds the faces as Type 1 subsets whose glyphs keep the collection's CID names."""
    objects = pdf_objects(pdf)

    def reference(head: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb"\s+(\d+) 0 R", head)
        return int(found.group(1)) if found else None

    drawn: dict[str, str] = {}
    for head, _body in objects.values():
        if not re.search(rb"/Type\s*/Font\b", head):
            continue
        descriptor, to_unicode = reference(head, b"FontDescriptor"), reference(head, b"ToUnicode")
        program = reference(objects[descriptor][0], b"FontFile") if descriptor else None
        if program is None or to_unicode is None:
            continue
        names = {int(code): name.decode() for code, name in re.findall(rb"dup (\d+) /(\S+) put", objects[program][1])}
        cmap = objects[to_unicode][1].decode("latin-1")
        for code, unicode in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap):
            if int(code, 16) in names:
                drawn[chr(int(unicode, 16))] = names[int(code, 16)]
    return drawn


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_chinese_is_printed_in_the_simplified_chinese_face(printed, name):
    sc, jp = face_glyphs(SC), face_glyphs(JP)
    drawn = glyphs_drawn(printed[name])
    telling = {char: cid(glyph) for char, glyph in drawn.items() if sc.get(ord(char)) != jp.get(ord(char))}
    assert len(telling) >= 2, f"{name}: too few characters whose SC and JP glyphs differ to tell the face"
    wrong = {char: glyph for char, glyph in telling.items() if glyph != sc[ord(char)]}
    assert not wrong, f"{name}: glyphs of another face: {wrong}"
