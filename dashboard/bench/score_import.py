"""The score-import row: a generated sheet of committee review scores, read through `scoring.importer.read_scores`.

The sheet is what the import page receives at its largest: a header and then one valid score per college and
scored indicator of the latest scheme, college by college, written with openpyxl's write-only mode into the
bench's files (bench-import/), where it can be opened afterwards. The colleges are the bench's own (c001 …);
when the sheet needs more rows than the bench's colleges × indicators give, the codes run on (c031, c032 …) as
a province-wide import's would, and are passed to the importer as known colleges, so every row is valid and the
figure is that of a successful read. The read is timed without the database: the codes are gathered first, as
`scoring.imports.import_review_scores` gathers them before it reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError
from openpyxl import Workbook

from scoring import schemes
from scoring.importer import ScoreImportError, ScoreRow, read_scores
from scoring.models import Scheme
from scoring.rules import IndicatorSpec

from .assessed import bench_score
from .database import IMPORT_FOLDER, bench_files
from .dataset import college_code

HEADER = ["college_code", "indicator_code", "score", "comment"]
COMMENT = "材料齐全，予以认定。"
# The mix of shortfalls the bench's assessments use, so the sheet holds graded and partial scores too.
VARIANTS = ["balanced"] * 8 + ["key_short", "total_short"]


def sheet_reader(scheme: Scheme, rows: int, write) -> Callable[[], list[ScoreRow]]:
    """Write a sheet of `rows` valid scores for the scheme; return a call that reads it as the import does."""
    indicators = {i.code: i.spec() for i in schemes.scored_indicators(scheme)}
    colleges = [college_code(n) for n in range(math.ceil(rows / len(indicators)))]
    path = bench_files() / IMPORT_FOLDER / f"scores-{scheme.year}-{rows}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_sheet(path, rows, colleges, list(indicators.values()))
    content = path.read_bytes()
    write(
        f"score sheet: {path} ({rows:,} rows: {len(colleges):,} colleges × {len(indicators)} indicators, "
        f"{len(content) / 1000:,.0f} kB)"
    )

    def read() -> list[ScoreRow]:
        try:
            scores = read_scores(path.name, content, colleges=colleges, indicators=indicators)
        except ScoreImportError as error:
            raise CommandError(f"The bench's score sheet was refused: {error.errors[:3]}") from None
        if len(scores) != rows:
            raise CommandError(f"The bench's score sheet gave {len(scores):,} scores, not {rows:,}.")
        return scores

    return read


def write_sheet(path: Path, rows: int, colleges: list[str], specs: list[IndicatorSpec]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("复评得分")
    sheet.append(HEADER)
    written = 0
    for n, college in enumerate(colleges):
        for k, spec in enumerate(specs):
            if written == rows:
                break
            score = bench_score(spec, VARIANTS[n % len(VARIANTS)], salt=n + k)
            sheet.append([college, spec.code, score, COMMENT if written % 10 == 0 else None])
            written += 1
    workbook.save(path)
