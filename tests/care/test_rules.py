"""The care board's pure rules: how elders are ranked, the median wait. (What a text may not hold is core's rule:
tests/core/test_identity.py.)"""

from care.rules import NeedFacts, OfferFacts, median_days, rank, share


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
