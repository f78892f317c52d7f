"""Which colleges the printed annual summary lists, a plain function of the dashboard's college rows.

A school's dozen colleges are all printed. A province's 2,300 are printed by exception, as a provincial reader
acts on them: the colleges below the balanced-development line (the lowest reviewed totals first: those furthest
from it), the colleges not yet assessed, and the best few as examples; the others are counted, not listed, and the
page says that the workbook lists every college. A table of thousands of rows is also what made WeasyPrint take
78 s and 855 MB (docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Up to this many colleges the summary prints every one, in the colleges' order.
EVERY_COLLEGE_UP_TO = 60
# By exception, at most this many of each kind: enough for a province's office to act on the worst, a dozen
# pages at most; the rest are in the workbook.
BELOW_SHOWN = 100
UNASSESSED_SHOWN = 30
BEST_SHOWN = 10


@dataclass(frozen=True)
class Listing:
    """The colleges the summary prints: every one, or the exceptions with how many of each are left out."""

    colleges: int
    every: list[dict]  # every college, when there are few; empty when listed by exception
    below: list[dict]  # assessed and not balanced, the lowest reviewed total first
    below_count: int
    unassessed: list[dict]  # not finalised yet
    unassessed_count: int
    best: list[dict]  # balanced, the highest reviewed total first
    balanced_count: int

    @property
    def by_exception(self) -> bool:
        return not self.every and self.colleges > 0

    @property
    def left_out(self) -> int:
        """Colleges of the year the page does not list."""
        listed = len(self.below) + len(self.unassessed) + len(self.best)
        return 0 if self.every else self.colleges - listed

    @property
    def listed_pks(self) -> set[int]:
        return {row["pk"] for row in (self.every or self.below + self.unassessed + self.best)}


def colleges_to_print(
    rows: list[dict],
    *,
    every_up_to: int = EVERY_COLLEGE_UP_TO,
    below_shown: int = BELOW_SHOWN,
    unassessed_shown: int = UNASSESSED_SHOWN,
    best_shown: int = BEST_SHOWN,
) -> Listing:
    """`rows` are `dashboard.figures.college_rows`: each with pk, code, final, balanced and total."""
    below = [row for row in rows if row["final"] and not row["balanced"]]
    unassessed = [row for row in rows if not row["final"]]
    balanced = [row for row in rows if row["balanced"]]
    if len(rows) <= every_up_to:
        return Listing(len(rows), list(rows), [], len(below), [], len(unassessed), [], len(balanced))

    def total(row: dict) -> Decimal:
        return row["total"] if row["total"] is not None else Decimal(0)

    below.sort(key=lambda row: (total(row), row["code"]))
    balanced.sort(key=lambda row: (-total(row), row["code"]))
    return Listing(
        colleges=len(rows),
        every=[],
        below=below[:below_shown],
        below_count=len(below),
        unassessed=unassessed[:unassessed_shown],
        unassessed_count=len(unassessed),
        best=balanced[:best_shown],
        balanced_count=len(balanced),
    )
