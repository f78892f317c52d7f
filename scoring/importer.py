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
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .rules import CENT, IndicatorSpec, parse_score, score_problem

# Far more than a year's scores of every college (colleges × indicators); it keeps one upload from holding a
# worker and its memory for minutes.
MAX_DATA_ROWS = 100_000

# rules.fmt quantizes to cents within the default 28-digit context and fails beyond; no real score comes close.
_LARGEST_SCORE_DIGITS = 15

# Cell text quoted back in a message is clipped, so a pasted paragraph does not flood the list of errors.
_QUOTE_LIMIT = 40

COLLEGE = "college"
INDICATOR = "indicator"
SCORE = "score"
COMMENT = "comment"
# Header names per column, most specific first: a sheet with both 学院 (often the college's name) and 学院代码
# takes its codes from 学院代码.
HEADER_NAMES = {
    COLLEGE: ("college_code", "college code", "学院代码", "college", "学院"),
    INDICATOR: ("indicator_code", "indicator code", "指标代码", "indicator", "指标"),
    SCORE: ("score", "得分", "分数"),
    COMMENT: ("comment", "评语", "意见", "备注"),
}
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
    if extension == "xlsx":
        rows = _xlsx_rows(content)
    elif extension == "csv":
        rows = _csv_rows(content)
    else:
        raise ScoreImportError([_("Only .xlsx and .csv files are accepted.")])
    table = []
    for number, cells in rows:
        if any(cells):
            table.append((number, cells))
            # Room for a header on top of the cap; stopping here spares reading the rest of a huge file.
            if len(table) > MAX_DATA_ROWS + 1:
                raise _too_many_rows()
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


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _DAMAGED_WORKBOOK_ERRORS as error:
        raise _unreadable_xlsx() from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The declared dimension may be stale or missing; trusting it could drop rows or pad every row to
        # thousands of empty columns.
        sheet.reset_dimensions()
        # Read-only openpyxl yields one tuple per sheet row, gaps included, so counting gives the row number.
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
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
    try:
        # Numbered by record, as a spreadsheet shows the file, even when a quoted comment spans lines.
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            yield number, [value.strip() for value in values]
    except csv.Error as error:
        raise _unreadable_csv() from error


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
        [_("The file has more than %(limit)s rows of scores; split it into smaller files.") % {"limit": MAX_DATA_ROWS}]
    )


def _unreadable_xlsx() -> ScoreImportError:
    return ScoreImportError(
        [_("The file cannot be read as an Excel workbook (.xlsx); it may be damaged or of another type.")]
    )


def _unreadable_csv() -> ScoreImportError:
    return ScoreImportError([_("The file cannot be read as CSV text in UTF-8 or GB18030.")])
