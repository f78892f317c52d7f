"""Score sheets as files: reading an uploaded .xlsx or .csv into rows of cells within fixed limits (no file can
hold a worker or its memory for long), and writing the template to fill in. What the cells mean is
scoring.importer's."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.archives import ArchiveTooLarge, check_zip_limits
from core.errors import Refused
from core.xlsx import TableSheet, new_workbook

logger = logging.getLogger(__name__)

# Far more than a year's scores of every college (colleges × indicators); it keeps one upload from holding a
# worker and its memory for minutes.
MAX_DATA_ROWS = 100_000
# Only the first columns are read: the importer needs four, and a header may place them among a few others.
# A cell far to the right (column XFD) must not widen every row to 16,384 cells.
MAX_COLUMNS = 50
# The web form accepts 5 MB; the command reads files from disk, which are refused above this before reading.
MAX_FILE_BYTES = 20 * 1024 * 1024
# What a workbook may unpack to, and how many parts it may have: a 100,000-row sheet of scores is about 20 MB
# of XML, and a workbook saved by Excel has a few dozen parts.
MAX_WORKBOOK_BYTES = 64 * 1024 * 1024
MAX_WORKBOOK_PARTS = 1_000
# csv's own limit on one field (process-wide, so left at its default of 131,072 characters).
CSV_FIELD_LIMIT = csv.field_size_limit()

# Cell text quoted back in a message is clipped, so a pasted paragraph does not flood the list of errors.
_QUOTE_LIMIT = 40

# The downloadable template (see `write_template`): codes and names prefilled, one row per college and
# indicator. Its headers are the file format, so they are fixed rather than translated.
TEMPLATE_COLUMNS = (
    ("学院代码", 12),
    ("学院名称", 24),
    ("指标代码", 10),
    ("指标名称", 40),
    ("满分", 8),
    ("复评分数", 10),
    ("评语", 40),
)
# openpyxl reports a damaged or foreign file through whichever error its zip or XML layer happens to hit.
_DAMAGED_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    EOFError,
    OSError,
    RuntimeError,  # zipfile: an encrypted member, or a version or compression it does not implement
    SyntaxError,  # xml.etree's ParseError
)


class ScoreImportError(Refused):
    """All problems found, each a user-facing message naming its row. .errors is a list[str]; the message is all
    of them, a line each."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


Table = list[tuple[int, list[str]]]


def read_table(filename: str, content: bytes) -> Table:
    """Rows of the first sheet (xlsx) or of the file (csv) as (row number, stripped cells), blank rows skipped.

    Raises ScoreImportError for an unsupported, damaged or over-long file.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"xlsx", "csv"}:
        raise ScoreImportError([_("Only .xlsx and .csv files are accepted.")])
    if len(content) > MAX_FILE_BYTES:
        raise file_too_large()
    # Room for a header on top of the data. Blank rows count too: a sheet that is almost all gaps (rows 1 and
    # 1,000,000,000) costs as much to walk as a full one.
    row_limit = MAX_DATA_ROWS + 1
    rows = _xlsx_rows(content, row_limit + 1) if extension == "xlsx" else _csv_rows(content)
    table = []
    for number, cells in rows:
        if number > row_limit:
            # Stopping here spares reading the rest of a huge file.
            raise too_many_rows()
        if any(cells):
            table.append((number, cells))
    return table


def write_template(year: int, rows: Iterable[tuple[str, str, str, str, Decimal]]) -> bytes:
    """The score template as .xlsx: (college code, college name, indicator code, indicator name, maximum) per row,
    with the score and comment left to fill in. Every cell is inert (names are typed by people). The header
    stays the first row: it is the file format the importer reads back."""
    workbook = new_workbook()
    title = _("Reviewed scores to fill in, %(year)d") % {"year": year}
    sheet = TableSheet(workbook, _("Reviewed scores"), TEMPLATE_COLUMNS, book_title=title)
    for college_code, college_name, indicator_code, indicator_name, max_points in rows:
        sheet.append([college_code, college_name, indicator_code, indicator_name, max_points, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_rows(content: bytes, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows up to `max_rows` (blank ones included), each cut to MAX_COLUMNS cells."""
    try:
        check_zip_limits(content, max_entries=MAX_WORKBOOK_PARTS, max_uncompressed_bytes=MAX_WORKBOOK_BYTES)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ArchiveTooLarge as error:
        raise _workbook_too_large() from error
    except _DAMAGED_WORKBOOK_ERRORS as error:
        raise _unreadable_xlsx() from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The declared dimension may be stale, missing or hostile (a billion rows, column XFD): it is
        # ignored, and the row and column caps below bound the walk instead.
        sheet.reset_dimensions()
        # Read-only openpyxl yields one tuple per sheet row, gaps included, so counting gives the row number.
        # A gap past max_row ends the walk at once instead of yielding every missing row.
        rows = sheet.iter_rows(min_row=1, max_row=max_rows, max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            if values.count(None) == len(values):
                yield number, []
            else:
                yield number, _without_trailing_blanks([_cell_text(value) for value in values])
    except _DAMAGED_WORKBOOK_ERRORS as error:
        # A read-only workbook parses each sheet as it is iterated, so damage inside it shows up only here.
        raise _unreadable_xlsx() from error
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Excel shows 15 significant digits, so a formula's 0.30000000000000004 reads as 0.3 and 10.0 as 10.
        return format(value, ".15g")
    return str(value).strip()


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        # Excel on Chinese Windows saves "CSV" in GB18030 (GBK); everything else is UTF-8, often with a BOM.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise _unreadable_csv() from None
    if "\x00" in text:  # a binary file (say, a renamed workbook) that happened to decode
        raise _unreadable_csv()
    # Numbered by record, as a spreadsheet shows the file, even when a quoted comment spans lines.
    records = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            values = next(records)
        except StopIteration:
            return
        except csv.Error as error:
            raise _bad_csv_record(number + 1, error) from error
        number += 1
        yield number, _without_trailing_blanks([value.strip() for value in values[:MAX_COLUMNS]])


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def quote(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def too_many_rows() -> ScoreImportError:
    return ScoreImportError(
        [
            _("The file has more than %(limit)s rows of scores (blank rows count too); split it into smaller files.")
            % {"limit": MAX_DATA_ROWS}
        ]
    )


def file_too_large() -> ScoreImportError:
    return ScoreImportError(
        [_("The file is larger than %(limit)s MB; split it into smaller files.") % {"limit": MAX_FILE_BYTES >> 20}]
    )


def _workbook_too_large() -> ScoreImportError:
    return ScoreImportError(
        [
            _(
                "The workbook unpacks to more than %(limit)s MB or has more than %(parts)s parts; save only the "
                "scores in a new workbook, or as CSV, and import that."
            )
            % {"limit": MAX_WORKBOOK_BYTES >> 20, "parts": MAX_WORKBOOK_PARTS}
        ]
    )


def _bad_csv_record(number: int, error: csv.Error) -> ScoreImportError:
    if str(error).startswith("field larger than field limit"):
        return ScoreImportError(
            [
                _("Row %(row)d: a cell holds more than %(limit)s characters; shorten it and import again.")
                % {"row": number, "limit": CSV_FIELD_LIMIT}
            ]
        )
    logger.info("CSV row %s unreadable: %s", number, error)
    return ScoreImportError(
        [
            _(
                "Row %(row)d cannot be read as CSV (a quote mark or an odd character breaks it); save the sheet "
                "again as CSV (UTF-8) or as an Excel workbook and import that."
            )
            % {"row": number}
        ]
    )


def _unreadable_xlsx() -> ScoreImportError:
    return ScoreImportError(
        [_("The file cannot be read as an Excel workbook (.xlsx); it may be damaged or of another type.")]
    )


def _unreadable_csv() -> ScoreImportError:
    return ScoreImportError([_("The file cannot be read as CSV text in UTF-8 or GB18030.")])
