"""Which colleges the printed summary lists: all of a school's, a province's by exception — the colleges below the
balanced-development line (furthest first), those not yet assessed, the best few — saying what it leaves out."""

import functools
from decimal import Decimal as D

import pytest

from dashboard import exports
from dashboard.listing import colleges_to_print
from scoring import assessments, schemes


def row(code, *, total=None, final=True, balanced=True):
    return {"pk": int(code[1:]), "code": code, "total": None if total is None else D(total), "final": final,
            "balanced": final and balanced}  # fmt: skip


ROWS = [
    row("c1", total="95"),
    row("c2", total="70", balanced=False),
    row("c3", final=False),
    row("c4", total="99"),
    row("c5", total="60", balanced=False),
    row("c6", total="85", balanced=False),
    row("c7", final=False),
]


def codes(rows):
    return [r["code"] for r in rows]


def test_a_school_sized_year_lists_every_college_in_its_order():
    listing = colleges_to_print(ROWS, every_up_to=7)
    assert codes(listing.every) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    assert not listing.by_exception and listing.left_out == 0


def test_a_larger_year_lists_the_exceptions_and_counts_the_rest():
    listing = colleges_to_print(ROWS, every_up_to=6, below_shown=2, unassessed_shown=1, best_shown=1)
    assert listing.by_exception and listing.every == []
    assert codes(listing.below) == ["c5", "c2"] and listing.below_count == 3  # the furthest below first
    assert codes(listing.unassessed) == ["c3"] and listing.unassessed_count == 2
    assert codes(listing.best) == ["c4"] and listing.balanced_count == 2
    assert listing.left_out == 7 - 4  # c6 (below, past the cap), c7 (not assessed), c1 (balanced)
    assert listing.listed_pks == {5, 2, 3, 4}


def test_no_colleges_is_not_an_exception():
    assert not colleges_to_print([], every_up_to=0).by_exception


@pytest.mark.django_db
def test_the_printed_summary_by_exception_says_what_it_leaves_out_and_where_it_is(
    plan, users, college_a, college_b, monkeypatch
):
    scheme = schemes.load_scheme_file()[0]
    assessment = assessments.find_assessment(college_a, scheme)
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["staff"], "final_score", full)
    assessments.transition(assessment, users["staff"], "finalise")
    monkeypatch.setattr(
        exports, "colleges_to_print", functools.partial(colleges_to_print, every_up_to=1, unassessed_shown=0)
    )

    html = exports.pdf_html(2022)

    assert "共 2 个学院，本总结只列出需关注的学院" in html and "“学院与结论”工作表列出了全部学院" in html
    assert "尚未完成考核的学院：1 个" in html and "此处列出前 0 个；工作簿列出全部 1 个。" in html
    assert html.count("<td>机械技术学院</td>") == 1  # among the best
    assert "<td>控制技术学院</td>" not in html  # not assessed, past the cap
    assert "“审核通过的活动”工作表列出了全部活动" in html
