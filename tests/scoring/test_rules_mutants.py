"""Edges of the balanced-development rule that mutation testing showed no test would notice (make mutation)."""

from decimal import Decimal as D

import pytest

from core.text import fmt
from scoring import rules
from scoring.rules import GRADED, IndicatorSpec, judge, score_problem, share


def test_a_share_of_nothing_is_zero_and_a_share_has_one_decimal():
    assert share(0, 0) == D(0)  # no colleges yet: 0 %, never a division by zero or 100 %
    assert share(3, 3) == D("100.0")
    assert share(1, 3) == D("33.3") and share(2, 3) == D("66.7")
    assert str(share(9, 10)) == "90.0"  # one decimal, as the pages print it
    assert share(0, 7) == D(0)


def test_scores_are_written_as_people_write_them():
    assert [fmt(D(v)) for v in ["90.00", "89.50", "100", "0.05", "0"]] == ["90", "89.5", "100", "0.05", "0"]
    assert fmt(D("1E+30")) == "1e+30"  # too large to round: written compactly, only ever in an error message


def test_a_refused_value_is_named_in_the_error():
    for raw in ["九十", "nan"]:
        with pytest.raises(ValueError, match=raw):
            rules.parse_score(raw)


def test_each_problem_has_its_own_message():
    spec = IndicatorSpec("I", "", D(10))
    assert score_problem(D(-1), spec) == "得分不能低于零"
    assert score_problem(D("9.999"), spec) == "得分最多保留两位小数"
    assert score_problem(D(5), IndicatorSpec("I", "", D(10), mode=GRADED)) == (
        "等级类指标只能取各等级对应的分值（10、6、4、0）"
    )


def test_a_missing_score_adds_nothing_to_the_total():
    specs = [IndicatorSpec("A", "", D(10)), IndicatorSpec("B", "", D(90))]
    assert judge({"B": D(90)}, specs, D(90)).total == D(90)
    assert judge({}, specs, D(90)).total == D(0)
