"""The balanced-development rule at its edges. Reasons are checked in Chinese, as the portal shows them."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from scoring import rules
from scoring.rules import GRADED, POINTS, YES_NO, IndicatorSpec, judge, score_problem

KEYS = [
    IndicatorSpec("K1", "常态化建设", D(10), True),
    IndicatorSpec("K2", "关爱帮扶", D(10), True),
    IndicatorSpec("K3", "工作基础", D(10), True),
]
OTHERS = [IndicatorSpec("X", "其他", D(70))]
SCHEME = KEYS + OTHERS


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def scores(x, k1=D(10), k2=D(10), k3=D(10)):
    return {"K1": k1, "K2": k2, "K3": k3, "X": D(x)}


def test_exactly_90_with_every_key_full_is_balanced():
    verdict = judge(scores("60"), SCHEME, D(90))
    assert verdict.balanced and verdict.total == D(90) and verdict.reasons == ()


def test_89_99_is_not_enough():
    verdict = judge(scores("59.99"), SCHEME, D(90))
    assert not verdict.balanced
    assert verdict.reasons == ("总分 89.99，低于 90",)


def test_a_key_indicator_half_a_point_short_fails_whatever_the_total():
    verdict = judge(scores("70", k2=D("9.5")), SCHEME, D(90))
    assert verdict.total == D("99.5")
    assert not verdict.balanced and verdict.key_short == ("K2",)
    assert verdict.reasons == ("关键指标 K2 得分 9.5/10，未满分",)


def test_both_reasons_are_given_when_both_fail():
    verdict = judge(scores("61.5", k2=D(8)), SCHEME, D(90))
    assert verdict.reasons == ("关键指标 K2 得分 8/10，未满分", "总分 89.5，低于 90")


def test_thirty_scores_of_three_add_to_exactly_ninety():
    specs = [IndicatorSpec(f"I{n}", "", D("3.0"), is_key=(n == 0)) for n in range(30)]
    specs.append(IndicatorSpec("rest", "", D(10)))
    verdict = judge({f"I{n}": D("3.0") for n in range(30)} | {"rest": D(0)}, specs, D(90))
    assert verdict.total == D(90) and verdict.balanced


def test_tenths_add_up_without_float_error():
    specs = [IndicatorSpec(f"I{n}", "", D("0.1"), is_key=(n == 0)) for n in range(900)] + [
        IndicatorSpec("rest", "", D(10))
    ]
    verdict = judge({f"I{n}": D("0.1") for n in range(900)} | {"rest": D(0)}, specs, D(90))
    assert verdict.total == D(90) and verdict.balanced


def test_the_threshold_and_the_keys_come_from_the_scheme():
    assert judge(scores("56"), SCHEME, D(85)).balanced  # 86 passes a threshold of 85
    no_keys = [IndicatorSpec(s.code, s.name, s.max_points) for s in SCHEME]
    assert judge(scores("60", k2=D(0)), no_keys, D(80)).balanced  # K2 is not key in this scheme


def test_a_missing_score_counts_as_zero_and_is_named():
    verdict = judge({"K1": D(10), "K2": D(10), "X": D(70)}, SCHEME, D(90))
    assert not verdict.balanced and verdict.key_short == ("K3",)
    assert "指标 K3 未评分" in verdict.reasons


@pytest.mark.parametrize(
    ("mode", "maximum", "good", "bad"),
    [
        (POINTS, D(10), ["0", "7.5", "9.99", "10"], ["10.01", "-0.5", "7.555"]),
        (YES_NO, D(5), ["0", "5"], ["2.5", "4.99", "6"]),
        (GRADED, D(10), ["10", "6", "4", "0"], ["5", "8", "9.99"]),
        (GRADED, D(8), ["8", "4.8", "3.2", "0"], ["4", "6.4"]),
    ],
)
def test_each_scoring_mode_accepts_only_its_scores(mode, maximum, good, bad):
    spec = IndicatorSpec("I", "", maximum, mode=mode)
    assert [score_problem(D(v), spec) for v in good] == [None] * len(good)
    assert all(score_problem(D(v), spec) for v in bad)


def test_problem_messages_say_what_is_wrong():
    assert score_problem(D(11), IndicatorSpec("I", "", D(10))) == "11 超过满分 10"
    assert "只能得满分或零分（5、0）" in score_problem(D("2.5"), IndicatorSpec("I", "", D(5), mode=YES_NO))
    assert "10、6、4、0" in score_problem(D(5), IndicatorSpec("I", "", D(10), mode=GRADED))


def test_parse_score_refuses_what_is_not_a_finite_number():
    assert rules.parse_score(8.5) == D("8.5") and rules.parse_score(" 90 ") == D(90)
    for raw in ["九十", "abc", "nan", "inf", ""]:
        with pytest.raises(ValueError):
            rules.parse_score(raw)


def test_a_huge_score_is_refused_without_crashing():
    assert score_problem(D("1e40"), IndicatorSpec("I", "", D(10)))
