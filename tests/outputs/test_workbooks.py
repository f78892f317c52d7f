"""Every workbook the portal writes is readable on screen and in print, read back with openpyxl.

For each workbook of tests/outputs/workbooks.py, built from the demo data: every cell in the Simplified Chinese
face and every font of the workbook declaring it; text wraps in its column, top-aligned, in a row tall enough for
it; every sheet A4 landscape with the header row frozen and repeated on each page, the workbook's title and year in
the page header and page numbers in the footer; fitted to the page width only where the text stays at 8 pt or
more; no column headed by a button's word; colleges by their full names. tests/outputs/test_printed_workbooks.py
prints them with LibreOffice.
"""

from __future__ import annotations

import gettext
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from core import xlsx

from .workbooks import BOOKS, NOT_WORKBOOKS, YEAR, workbook_writers

pytestmark = pytest.mark.django_db

BOOK_NAMES = [book.name for book in BOOKS]
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def button_words() -> set[str]:
    """Every translation the catalogue gives a message in the "button" context."""
    with CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    return {text for key, text in catalogue.items() if isinstance(key, str) and key.startswith("button\x04")}


def header_row(sheet) -> int:
    """The row printed atop every page (after a title row, if the sheet has one)."""
    match = re.fullmatch(r"\$?(\d+):\$?(\d+)", sheet.print_title_rows or "")
    assert match, f"{sheet.title}: no header row repeated on each page"
    return int(match.group(1))


def test_every_module_that_writes_a_workbook_has_it_in_the_registry():
    registered = {book.writer for book in BOOKS} | set(NOT_WORKBOOKS)
    unlisted = workbook_writers() - registered
    assert not unlisted, f"add their workbooks to tests/outputs/workbooks.py (BOOKS) or say why not: {unlisted}"
    assert not registered - workbook_writers(), "a listed writer writes no workbook any more"


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_every_font_of_the_workbook_is_the_simplified_chinese_face(workbooks, name):
    styles = zipfile.ZipFile(io.BytesIO(workbooks[name])).read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>", styles, re.S) or re.findall(r"<font\b.*?</font>", styles, re.S)
    assert fonts
    for font in fonts:
        assert f'<name val="{xlsx.FONT_NAME}"' in font, font


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_each_sheet_prints_with_title_page_numbers_and_a_readable_size(workbooks, name):
    book = load_workbook(io.BytesIO(workbooks[name]))
    for sheet in book.worksheets:
        where = f"{name} / {sheet.title}"
        header = sheet.oddHeader.center.text or ""
        assert str(YEAR) in header, where
        assert "&P" in (sheet.oddFooter.center.text or "") and "&N" in sheet.oddFooter.center.text, where
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9, where
        row = header_row(sheet)
        assert sheet.freeze_panes and int(re.sub(r"\D", "", sheet.freeze_panes)) == row + 1, where
        widths = [
            sheet.column_dimensions[letter].width
            for letter in sheet.column_dimensions
            if column_index_from_string(letter) <= sheet.max_column
        ]
        width_pt = sum(widths) * xlsx._UNIT_PT
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert sheet.page_setup.fitToWidth == 1, where
            # Fitted to the page, the scale is the page's width over the columns': 8 pt or more.
            assert width_pt * xlsx.MIN_PRINTED_PT / xlsx.BODY_PT <= xlsx._PRINTABLE_WIDTH_PT, where
        else:
            assert sheet.page_setup.scale * xlsx.BODY_PT / 100 >= xlsx.MIN_PRINTED_PT, where
            assert sheet.print_title_cols, f"{where}: a sheet wider than a page repeats its key columns"


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_every_cell_is_in_the_chinese_face_and_text_wraps_in_a_row_tall_enough(workbooks, name):
    book = load_workbook(io.BytesIO(workbooks[name]))
    for sheet in book.worksheets:
        first = header_row(sheet)
        widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
        for row in sheet.iter_rows(min_row=first):
            for cell in row:
                if cell.value is None:
                    continue
                where = f"{name} / {sheet.title} / {cell.coordinate}"
                assert cell.font.name == xlsx.FONT_NAME, where
                assert cell.alignment.vertical == "top", where
                if isinstance(cell.value, str):
                    assert cell.alignment.wrap_text, where
                    lines = xlsx.lines_in(cell.value, widths[cell.column_letter])
                    height = sheet.row_dimensions[cell.row].height
                    assert height and height >= min(xlsx._MAX_ROW_PT, lines * xlsx.BODY_PT * 1.2), where


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_no_column_is_headed_by_a_buttons_word(workbooks, name):
    buttons = button_words()
    assert "查看" in buttons  # the catalogue is read as the portal reads it
    book = load_workbook(io.BytesIO(workbooks[name]))
    for sheet in book.worksheets:
        headers = [cell.value for cell in sheet[header_row(sheet)] if cell.value]
        assert headers, sheet.title
        assert not set(headers) & buttons, f"{name} / {sheet.title}: {set(headers) & buttons}"


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_colleges_go_by_their_full_names(workbooks, shortened_college_names, name):
    shortened = shortened_college_names
    assert shortened  # the demo's colleges have short names the sheets must not use
    book = load_workbook(io.BytesIO(workbooks[name]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert value not in shortened, f"{name} / {sheet.title}: {value} for {shortened.get(value)}"


def test_the_review_summary_is_checked_with_its_sheets_of_scores_per_indicator(workbooks):
    """The checks above walk every sheet: the demo's review summary must have its per-school sheets to walk, with
    reviewers' columns between the self score and the reviewers' mean."""
    book = load_workbook(io.BytesIO(workbooks["review summary"]))
    by_indicator = book.worksheets[1:]
    assert by_indicator, "the demo's review summary has no sheet of scores per indicator"
    widest = max(len([cell for cell in sheet[header_row(sheet)] if cell.value]) for sheet in by_indicator)
    assert widest >= 8  # code, indicator, maximum, self score, two reviewers or more, mean, collective
