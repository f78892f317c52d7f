"""The care board's pure rules: what text may not hold, how elders are ranked, the median wait."""

import pytest

from care.rules import NeedFacts, OfferFacts, identifying_problem, median_days, rank, share


@pytest.mark.parametrize(
    "text",
    [
        "身份证号 320402200001011234",
        "320402 20000101 123X",
        "３２０４０２２０００１０１０１２３４",  # full-width digits
        "电话13812345678",
        "+86 138 1234 5678",
        "家里电话 0519-86881234",
    ],
)
def test_identifying_numbers_are_refused(text):
    assert identifying_problem(text)


@pytest.mark.parametrize("text", ["JX-2022-07", "2022-05-04 下午", "第3周周三", "", "学号后四位不写", "12 人"])
def test_codes_dates_and_plain_words_pass(text):
    assert identifying_problem(text) is None


def test_id_and_phone_are_told_apart():
    assert "ID" in identifying_problem("320402200001011234") or "身份证" in identifying_problem("320402200001011234")
    assert identifying_problem("13812345678") != identifying_problem("320402200001011234")


def offer(pk, *, areas=(1,), campus="zhongqiao", college=1, capacity=2, load=0, name=None):
    return OfferFacts(pk, name or f"elder{pk}", frozenset(areas), campus, college, capacity, load)


def test_rank_prefers_area_campus_room_and_light_load_and_explains():
    need = NeedFacts(category_id=1, campus="zhongqiao", college_id=1)
    ranked = rank(
        need,
        [
            offer(1, campus="taihu"),
            offer(2),
            offer(3, load=1, capacity=3),
            offer(4, areas=(2,)),  # another area: never suggested
            offer(5, load=2, capacity=2),  # no room: never suggested
        ],
    )
    assert [s.offer_id for s in ranked] == [2, 3, 1]
    assert all(s.reasons for s in ranked)
    assert len(ranked[0].reason_text) > 0 and "；" in ranked[0].reason_text


def test_rank_favours_the_needs_own_college_on_a_tie():
    need = NeedFacts(category_id=1, campus="", college_id=7)
    ranked = rank(need, [offer(1, college=3, name="a"), offer(2, college=7, name="b")])
    assert ranked[0].offer_id == 2


def test_median_and_share():
    assert median_days([]) is None
    assert median_days([1, 3, 10]) == 3
    assert median_days([1.0, 2.0]) == 1.5
    assert share(1, 3) == 33
    assert share(0, 0) is None
