"""Spreadsheets the portal writes (.xlsx workbooks and CSV files), with every cell inert and every sheet readable.

People type titles, names and comments; a spreadsheet program would run a cell that begins with `=` as a
formula (openpyxl stores such a string as one), and a CSV field that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return likewise (OWASP "CSV injection"). Every export writes through this module, so that text is
always stored as text, numbers and dates keep their type, and the sheets share one table layout:

- every cell in a Simplified Chinese face (`FONT_NAME`, the workbook's default font too): a font named nowhere
  leaves LibreOffice to pick a Japanese face for the Chinese text;
- text wraps within its column, top-aligned, and each row is as tall as its longest text: LibreOffice does not
  size rows itself when it opens an .xlsx, so a row without a height shows one line of a paragraph;
- a bold header row, frozen and repeated on every printed page, with an auto-filter (and on a summary, a title
  row above it);
- A4 landscape, the workbook's title in the page header and "page P of N" in the footer; a table narrow enough
  to print at `MIN_PRINTED_PT` or more is fitted to the page width, a wider one flows onto further pages across
  at that size, with its key columns repeated on each (fitting 18 columns to one width printed at 4 pt).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT_NAME = "Noto Sans CJK SC"
BODY_PT = 10
# No sheet prints smaller than this (the body's size times the print scale).
MIN_PRINTED_PT = 8

_NUMBERS = (int, float, Decimal)
_BODY_FONT = Font(name=FONT_NAME, size=BODY_PT)
_HEADER_FONT = Font(name=FONT_NAME, size=BODY_PT, bold=True)
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
# A title is one line that may run over the empty cells beside it.
_TITLE_ALIGNMENT = Alignment(vertical="center")
# What spreadsheet programs read as the start of a formula in a CSV field (OWASP).
_CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Measured in LibreOffice with the body font as the workbook's default (a column of width 10 is 55.5 pt): a
# column width counts the body font's digits, about 0.55 em each, so a Chinese character takes 1.8 units.
_UNIT_PT = 5.55
_WIDE_EM, _NARROW_EM = 1.0, 0.6  # a Chinese character's advance and a generous one for Latin letters and digits
_CELL_PADDING_PT = 4
# Noto Sans CJK's line is 1.45 em; a row is its lines plus a little room, and never taller than Excel allows.
_LINE_PT = BODY_PT * 1.45
_ROW_PADDING_PT = 3
_MAX_ROW_PT = 409
# A4 landscape within the margins below.
_MARGINS = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
_PRINTABLE_WIDTH_PT = 841.89 - (_MARGINS.left + _MARGINS.right) * 72
# The smallest scale a sheet prints at: 8.5 pt, half a point above MIN_PRINTED_PT for the width estimate and
# LibreOffice's rounding; and the share of the page a fitted table may take, for the same reason.
_MIN_SCALE = 0.85
_FIT_SLACK = 0.95


def local_naive(value: datetime.datetime | None) -> datetime.datetime | None:
    """openpyxl refuses aware datetimes; sheets show Beijing time, as the portal does."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def new_workbook() -> Workbook:
    """A write-only workbook (rows stream to a temporary file) whose default font is the body font.

    openpyxl has no setting for the default font: its first font is Calibri, used by the workbook's default
    style, by any cell without a style and by LibreOffice to measure column widths. Replacing that one font
    before any sheet exists is the whole change (tests/outputs read every font of every workbook back); each
    cell a table writes names the font too."""
    workbook = Workbook(write_only=True)
    workbook._fonts = IndexedList([_BODY_FONT])
    return workbook


def _inert(value):
    """`value` as a cell shows it exactly: text without the control characters XML cannot hold, aware datetimes
    in Beijing time, numbers, dates and booleans as themselves."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return local_naive(value)
    if value is None or isinstance(value, (*_NUMBERS, bool, datetime.date, datetime.time)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def inert_cell(sheet, value, *, number_format: str | None = None, style=None) -> Cell:
    """A cell of a write-only sheet that shows exactly `value`: text as text (never a formula or an error
    value such as #N/A), numbers, dates and booleans as themselves. `style` is a style made by `_style` (the
    tables pass theirs); without one the cell is unstyled."""
    value = _inert(value)
    cell = Cell(sheet, row=1, column=1, value=value, style_array=style)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _style(sheet, font: Font, alignment: Alignment, fill: PatternFill | None = None):
    """A style of the sheet's workbook, made once through a cell: each cell of a table starts from a copy of it,
    which costs far less than setting font and alignment cell by cell over a sheet of millions of cells."""
    model = WriteOnlyCell(sheet)
    model.font = font
    model.alignment = alignment
    if fill is not None:
        model.fill = fill
    return model._style


def text_width_pt(text: str, size: float = BODY_PT) -> float:
    """About how wide `text` runs on one line: Chinese characters (three bytes or more in UTF-8) a full em,
    anything else a generous Latin width. Counted by encoding, which costs one pass in C per cell."""
    wide = (len(text.encode("utf-8")) - len(text)) / 2
    return (wide * _WIDE_EM + (len(text) - wide) * _NARROW_EM) * size


def lines_in(text: str, width_units: float, size: float = BODY_PT) -> int:
    """How many lines `text` wraps to in a column `width_units` wide."""
    room = max(1.0, width_units * _UNIT_PT - _CELL_PADDING_PT)
    return sum(max(1, math.ceil(text_width_pt(part, size) / room)) for part in text.split("\n"))


def _header_text(text: str) -> str:
    """A page header's text (a title may hold a name people typed): one line, without the control characters
    XML cannot hold, and with & doubled, since a page header is a small markup where & starts a code."""
    return " ".join(ILLEGAL_CHARACTERS_RE.sub("", text).split()).replace("&", "&&")


class TableSheet:
    """A write-only sheet laid out as one table. Widths, panes and the print set-up precede any row, as
    write-only sheets require; the auto-filter grows with the rows of the table.

    `book_title` heads every printed page (the workbook's title with its year, e.g. "2022 年活动报告一览"); a
    workbook of several sheets names the sheet in the header's right corner. `title_row` puts that title above
    the table too (a summary printed as a form). `key_columns`: how many leading columns identify a row; they
    are frozen on screen and repeated on each page of a table too wide for one.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[tuple[str, float]],
        *,
        book_title: str,
        name_sheet_in_header: bool = False,
        title_row: bool = False,
        key_columns: int = 1,
    ) -> None:
        self.sheet = sheet = workbook.create_sheet(title)
        self._widths = [width for _header, width in columns]
        for index, width in enumerate(self._widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        self._body = _style(sheet, _BODY_FONT, _WRAP)
        header_style = _style(sheet, _HEADER_FONT, _WRAP, _HEADER_FILL)
        header_row = 2 if title_row else 1
        self._last_column = get_column_letter(max(1, len(columns)))
        self._first_row = header_row
        self._row = 0
        self._print_setup(book_title, title if name_sheet_in_header else None, header_row, key_columns)
        if title_row:
            self._write(
                [inert_cell(sheet, book_title, style=_style(sheet, _TITLE_FONT, _TITLE_ALIGNMENT))],
                height=_TITLE_FONT.size * 1.45 + 2 * _ROW_PADDING_PT,
            )
        self.append([inert_cell(sheet, text, style=header_style) for text, _width in columns])

    def _print_setup(self, book_title: str, sheet_title: str | None, header_row: int, key_columns: int) -> None:
        sheet = self.sheet
        setup = sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_margins = _MARGINS
        sheet.print_title_rows = f"{header_row}:{header_row}"
        width_pt = sum(self._widths) * _UNIT_PT
        if width_pt * _MIN_SCALE <= _PRINTABLE_WIDTH_PT * _FIT_SLACK:
            # Fitted to the width, the text still prints at MIN_PRINTED_PT or more.
            setup.fitToWidth = 1
            setup.fitToHeight = 0  # as many pages tall as it takes
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
            sheet.freeze_panes = f"A{header_row + 1}"
        else:
            # Too wide: the columns flow onto further pages, read across before down, each page with the
            # columns that say which row it is.
            setup.scale = round(_MIN_SCALE * 100)
            setup.pageOrder = "overThenDown"
            keys = get_column_letter(key_columns)
            sheet.print_title_cols = f"A:{keys}"
            sheet.freeze_panes = f"{get_column_letter(key_columns + 1)}{header_row + 1}"
        sheet.oddHeader.center.text = _header_text(book_title)
        sheet.oddHeader.center.font = f"{FONT_NAME},Bold"
        sheet.oddHeader.center.size = BODY_PT
        if sheet_title:
            sheet.oddHeader.right.text = _header_text(sheet_title)
            sheet.oddHeader.right.font = f"{FONT_NAME},Regular"
            sheet.oddHeader.right.size = BODY_PT
        # Page numbers: &P and &N are the header's codes for this page and the number of pages.
        sheet.oddFooter.center.text = _("Page &P of &N")
        sheet.oddFooter.center.font = f"{FONT_NAME},Regular"
        sheet.oddFooter.center.size = BODY_PT

    def cell(self, value, *, number_format: str | None = None) -> Cell:
        """A cell in the table's body style, for a value that needs a number format of its own."""
        return inert_cell(self.sheet, value, number_format=number_format, style=self._body)

    def append(self, values: Iterable) -> None:
        """One row of the table; values may be plain values or cells made by `cell()`."""
        self._write(values)
        self.sheet.auto_filter.ref = f"A{self._first_row}:{self._last_column}{self._row}"

    def append_below(self, values: Iterable) -> None:
        """A row after the table (a total, a note) that the auto-filter leaves out."""
        self._write(values)

    def _write(self, values: Iterable, height: float | None = None) -> None:
        sheet = self.sheet
        cells = [
            value if value is None or isinstance(value, Cell) else inert_cell(sheet, value, style=self._body)
            for value in values
        ]
        self._row += 1
        if height is None:
            height = self._height(cells)
        # A row's height set for the one row being written, then dropped: the sheet keeps no per-row state.
        sheet.row_dimensions[self._row].height = round(height, 1)
        sheet.append(cells)
        del sheet.row_dimensions[self._row]

    def _height(self, cells: list) -> float:
        """The row's height for its longest text (the body and the header share one size)."""
        lines = 1
        for cell, width in zip(cells, self._widths, strict=False):
            if cell is not None and cell.data_type == "s" and cell.value:
                lines = max(lines, lines_in(cell.value, width))
        return min(_MAX_ROW_PT, lines * _LINE_PT + _ROW_PADDING_PT)


def csv_field(value):
    """A CSV field that no spreadsheet program runs: text that would start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, (*_NUMBERS, bool)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_CSV_FORMULA_STARTS) else text


def csv_row(values: Iterable) -> list:
    return [csv_field(value) for value in values]
