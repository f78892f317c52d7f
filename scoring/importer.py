"""Importing the committee's review scores (复评) of many colleges at once, from an .xlsx or .csv sheet.

This module owns understanding the sheet (which header names are accepted, which columns hold what) and checking
every row against the year's colleges and scored indicators; reading the file itself (formats, encodings, limits)
is scoring.sheets'. It is all or nothing: either every row is valid and all
are returned, or one ScoreImportError lists every problem, each naming its row as the user sees it in the
sheet. How a score fits an indicator is decided by `scoring.rules`; saving the scores is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import sheets
from .rules import CENT, IndicatorSpec, parse_score, score_problem
from .sheets import ScoreImportError, quote, read_table, too_many_rows

# rules.fmt quantizes to cents within the default 28-digit context and fails beyond; no real score comes close.
_LARGEST_SCORE_DIGITS = 15

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
REQUIRED_COLUMNS = (COLLEGE, INDICATOR, SCORE)
# Without a header the columns come in this order.
DEFAULT_POSITIONS = {COLLEGE: 0, INDICATOR: 1, SCORE: 2, COMMENT: 3}


@dataclass(frozen=True)
class ScoreRow:
    """One valid score; `row` is its row number as the user sees it in the sheet (the header is row 1)."""

    row: int
    college_code: str
    indicator_code: str
    score: Decimal
    comment: str


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
    if len(data) > sheets.MAX_DATA_ROWS:
        raise too_many_rows()

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
                _("Row %(row)d: unknown college code “%(code)s”.") % {"row": number, "code": quote(college_code)}
            )
        spec = indicators.get(indicator_code)
        if not indicator_code:
            row_errors.append(_missing(number, _("indicator code")))
        elif spec is None:
            row_errors.append(
                _("Row %(row)d: unknown indicator code “%(code)s” (or the indicator takes no score).")
                % {"row": number, "code": quote(indicator_code)}
            )
        score = None
        if not raw_score:
            row_errors.append(_missing(number, pgettext("field", "score")))
        else:
            score = _parse(raw_score)
            if score is None:
                row_errors.append(
                    _("Row %(row)d: the score “%(score)s” is not a number.")
                    % {"row": number, "score": quote(raw_score)}
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


def _header_positions(number: int, cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Column positions named by a header row, and an error for each required column it does not name."""
    names = [cell.strip().lower() for cell in cells]
    positions = {}
    for column, accepted in HEADER_NAMES.items():
        for name in accepted:
            if name in names:
                positions[column] = names.index(name)
                break
    labels = {COLLEGE: _("college code"), INDICATOR: _("indicator code"), SCORE: pgettext("field", "score")}
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


def _missing(number: int, column: str) -> str:
    return _("Row %(row)d: the %(column)s is missing.") % {"row": number, "column": column}


def _no_scores() -> ScoreImportError:
    return ScoreImportError([_("No scores found in the file.")])
