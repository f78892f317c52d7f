"""Importing the committee's review scores (复评) of many colleges at once, from an .xlsx or .csv sheet.

This module owns reading the sheet (which formats, encodings and header names are accepted) and checking every
row against the year's colleges and scored indicators. It is all or nothing: either every row is valid and all
are returned, or one ScoreImportError lists every problem, each naming its row as the user sees it in the
sheet. How a score fits an indicator is decided by `scoring.rules`; saving the scores is the caller's job.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.archives import ArchiveTooLarge, check_zip_limits
from core.xlsx import TableSheet

from .rules import CENT, IndicatorSpec, parse_score, score_problem

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

# rules.fmt quantizes to cents within the default 28-digit context and fails beyond; no real score comes close.
_LARGEST_SCORE_DIGITS = 15

# Cell text quoted back in a message is clipped, so a pasted paragraph does not flood the list of errors.
_QUOTE_LIMIT = 40

COLLEGE = "college"
INDICATOR = "indicator"
SCORE = "score"
COMMENT = "comment"
COLLEGE_NAME = "college_name"
# Header names per column, most specific first: a sheet with both 学院 (often the college's name) and 学院代码
# takes its codes from 学院代码.
HEADER_NAMES = {
    COLLEGE: ("college_code", "college code", "学院代码", "college", "学院"),
    INDICATOR: ("indicator_code", "indicator code", "指标代码", "indicator", "指标"),
    SCORE: ("score", "得分", "分数", "复评分数"),
    COMMENT: ("comment", "评语", "意见", "备注"),
    COLLEGE_NAME: ("college_name", "college name", "学院名称"),
}
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
REQUIRED_COLUMNS = (COLLEGE, INDICATOR, SCORE)
# Without a header the columns come in this order.
DEFAULT_POSITIONS = {COLLEGE: 0, INDICATOR: 1, SCORE: 2, COMMENT: 3}

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


@dataclass(frozen=True)
class ScoreRow:
    """One valid score; `row` is its row number as the user sees it in the sheet (the header is row 1)."""

    row: int
    college_code: str
    indicator_code: str
    score: Decimal
    comment: str


class ScoreImportError(Exception):
    """All problems found, each a user-facing message naming its row. .errors is a list[str]."""

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
            raise _too_many_rows()
        if any(cells):
            table.append((number, cells))
    return table


def parse_rows(
    table: Sequence[tuple[int, Sequence[str]]],
    *,
    colleges: Iterable[str],
    indicators: Mapping[str, IndicatorSpec],
) -> list[ScoreRow]:
    """Validate every row; return them all, or raise ScoreImportError listing every bad row."""
    if not table:
        raise _no_scores()
    first_number, first_cells = table[0]
    if _is_number(_cell(first_cells, DEFAULT_POSITIONS[SCORE])):
        positions, data = DEFAULT_POSITIONS, table
    else:
        positions, errors = _header_positions(first_number, first_cells)
        if errors:
            raise ScoreImportError(errors)
        data = table[1:]
    if COLLEGE_NAME in positions:
        # A template lists every college and indicator; the rows left without a score or comment are not scored.
        data = [
            (number, cells)
            for number, cells in data
            if _cell(cells, positions[SCORE]) or _cell(cells, positions.get(COMMENT))
        ]
    if not data:
        raise _no_scores()
    if len(data) > MAX_DATA_ROWS:
        raise _too_many_rows()

    # College codes are lower-case slugs; people type them in any case.
    known_colleges = {code.strip().lower(): code for code in colleges}
    errors: list[str] = []
    first_row_of_pair: dict[tuple[str, str], int] = {}
    rows = []
    for number, cells in data:
        row_errors = []
        college_code = _cell(cells, positions[COLLEGE])
        indicator_code = _cell(cells, positions[INDICATOR])
        raw_score = _cell(cells, positions[SCORE])
        comment = _cell(cells, positions.get(COMMENT))

        college = known_colleges.get(college_code.lower())
        if not college_code:
            row_errors.append(_missing(number, _("college code")))
        elif college is None:
            row_errors.append(
                _("Row %(row)d: unknown college code “%(code)s”.") % {"row": number, "code": _quote(college_code)}
            )
        spec = indicators.get(indicator_code)
        if not indicator_code:
            row_errors.append(_missing(number, _("indicator code")))
        elif spec is None:
            row_errors.append(
                _("Row %(row)d: unknown indicator code “%(code)s” (or the indicator takes no score).")
                % {"row": number, "code": _quote(indicator_code)}
            )
        score = None
        if not raw_score:
            row_errors.append(_missing(number, _("score")))
        else:
            score = _parse(raw_score)
            if score is None:
                row_errors.append(
                    _("Row %(row)d: the score “%(score)s” is not a number.")
                    % {"row": number, "score": _quote(raw_score)}
                )
            elif spec is not None and (problem := score_problem(score, spec)):
                row_errors.append(
                    _("Row %(row)d: indicator %(code)s: %(problem)s.")
                    % {"row": number, "code": spec.code, "problem": problem}
                )
        if college is not None and spec is not None:
            pair = (college, indicator_code)
            if pair in first_row_of_pair:
                row_errors.append(
                    _("Row %(row)d: college %(college)s, indicator %(indicator)s is already scored in row %(first)d.")
                    % {
                        "row": number,
                        "college": college,
                        "indicator": indicator_code,
                        "first": first_row_of_pair[pair],
                    }
                )
            else:
                first_row_of_pair[pair] = number

        if row_errors:
            errors.extend(row_errors)
        elif not errors:
            # Once any row is bad nothing is returned, so valid rows after it need not be kept.
            rows.append(ScoreRow(number, college, indicator_code, score.quantize(CENT), comment))
    if errors:
        raise ScoreImportError(errors)
    return rows


def read_scores(
    filename: str,
    content: bytes,
    *,
    colleges: Iterable[str],
    indicators: Mapping[str, IndicatorSpec],
) -> list[ScoreRow]:
    """read_table + parse_rows; any unreadable file also becomes a ScoreImportError with one clear message."""
    return parse_rows(read_table(filename, content), colleges=colleges, indicators=indicators)


def write_template(rows: Iterable[tuple[str, str, str, str, Decimal]]) -> bytes:
    """The score template as .xlsx: (college code, college name, indicator code, indicator name, maximum) per row,
    with the score and comment left to fill in. Every cell is inert (names are typed by people)."""
    workbook = Workbook(write_only=True)
    sheet = TableSheet(workbook, _("Reviewed scores"), TEMPLATE_COLUMNS)
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


def _header_positions(number: int, cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Column positions named by a header row, and an error for each required column it does not name."""
    names = [cell.strip().lower() for cell in cells]
    positions = {}
    for column, accepted in HEADER_NAMES.items():
        for name in accepted:
            if name in names:
                positions[column] = names.index(name)
                break
    labels = {COLLEGE: _("college code"), INDICATOR: _("indicator code"), SCORE: _("score")}
    errors = [
        _("Row %(row)d is read as a header but has no %(column)s column (accepted names: %(names)s).")
        % {"row": number, "column": labels[column], "names": ", ".join(HEADER_NAMES[column])}
        for column in REQUIRED_COLUMNS
        if column not in positions
    ]
    return positions, errors


def _cell(cells: Sequence[str], position: int | None) -> str:
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def _parse(raw: str) -> Decimal | None:
    try:
        value = parse_score(raw)
    except ValueError:
        return None
    if value.adjusted() >= _LARGEST_SCORE_DIGITS:
        return None
    return value


def _is_number(raw: str) -> bool:
    try:
        parse_score(raw)
    except ValueError:
        return False
    return True


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _missing(number: int, column: str) -> str:
    return _("Row %(row)d: the %(column)s is missing.") % {"row": number, "column": column}


def _no_scores() -> ScoreImportError:
    return ScoreImportError([_("No scores found in the file.")])


def _too_many_rows() -> ScoreImportError:
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
    return ScoreImportError(
        [_("Row %(row)d cannot be read as CSV (%(error)s).") % {"row": number, "error": _quote(str(error))}]
    )


def _unreadable_xlsx() -> ScoreImportError:
    return ScoreImportError(
        [_("The file cannot be read as an Excel workbook (.xlsx); it may be damaged or of another type.")]
    )


def _unreadable_csv() -> ScoreImportError:
    return ScoreImportError([_("The file cannot be read as CSV text in UTF-8 or GB18030.")])
