"""Spreadsheets the portal writes (.xlsx workbooks and CSV files), with every cell inert.

People type titles, names and comments; a spreadsheet program would run a cell that begins with `=` as a
formula (openpyxl stores such a string as one), and a CSV field that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return likewise (OWASP "CSV injection"). Every export writes through this module, so that text is
always stored as text, numbers and dates keep their type, and the sheets share one table layout: a bold header
row, column widths, frozen header, auto-filter and a landscape print set-up that fits the width and repeats the
header on every page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_NUMBERS = (int, float, Decimal)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# What spreadsheet programs read as the start of a formula in a CSV field (OWASP).
_CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_naive(value: datetime.datetime | None) -> datetime.datetime | None:
    """openpyxl refuses aware datetimes; sheets show Beijing time, as the portal does."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def inert_cell(sheet, value, *, number_format: str | None = None, font: Font | None = None) -> Cell:
    """A cell of a write-only sheet that shows exactly `value`: text as text (never a formula or an error
    value such as #N/A), numbers, dates and booleans as themselves."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = local_naive(value)
    if value is None or isinstance(value, (*_NUMBERS, bool, datetime.date, datetime.time)):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        # XML cannot hold control characters; openpyxl would refuse the whole workbook for one of them.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        cell.data_type = "s"
    if number_format is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def inert_value(sheet, value):
    """What `inert_cell` writes, as a plain value wherever openpyxl already stores it as itself: a cell object
    costs more than the value it holds, which counts over a sheet of millions of cells. Only text that openpyxl
    would read as a formula or an error value, and aware datetimes, need more."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if text.startswith("=") or text in ERROR_CODES:
            return inert_cell(sheet, text)
        return text
    if value is None or isinstance(value, (*_NUMBERS, bool, datetime.date, datetime.time)):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return local_naive(value)
        return value
    return inert_cell(sheet, value)


class TableSheet:
    """A write-only sheet laid out as one table. Widths, panes and the print set-up precede any row, as
    write-only sheets require; the auto-filter grows with the rows of the table."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[tuple[str, float]]) -> None:
        self.sheet = sheet = workbook.create_sheet(title)
        for index, (_header, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages tall as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self._last_column = get_column_letter(max(1, len(columns)))
        self._table_rows = 0
        header = [inert_cell(sheet, text, font=_HEADER_FONT) for text, _width in columns]
        for cell in header:
            cell.fill = _HEADER_FILL
        self.append(header)

    def cell(self, value, **options) -> Cell:
        return inert_cell(self.sheet, value, **options)

    def append(self, values: Iterable) -> None:
        """One row of the table; values may be plain values or cells made by `cell()`."""
        self._write(values)
        self._table_rows += 1
        self.sheet.auto_filter.ref = f"A1:{self._last_column}{self._table_rows}"

    def append_below(self, values: Iterable) -> None:
        """A row after the table (a total, a note) that the auto-filter leaves out."""
        self._write(values)

    def _write(self, values: Iterable) -> None:
        sheet = self.sheet
        sheet.append([value if isinstance(value, Cell) else inert_value(sheet, value) for value in values])


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
