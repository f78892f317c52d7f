import datetime
from decimal import Decimal as D

from rectification import rules


def test_a_key_indicator_below_full_marks_is_weak_even_when_the_total_passes():
    scored = [("A1", D(10), D(10), True), ("B1", D(8), D(10), True), ("C1", D(5), D(10), False)]
    assert rules.weak_indicators(scored, D(20)) == ["B1"]


def test_a_short_total_adds_the_weakest_shares_at_most_three_in_the_schemes_order():
    scored = [
        ("A1", D(9), D(10), False),
        ("A2", D(2), D(5), False),
        ("B1", D(0), D(4), False),
        ("B2", D(6), D(10), False),
        ("C1", D(20), D(20), True),
        ("C2", D(5), D(10), False),
    ]
    # Shares: A1 .9, A2 .4, B1 0, B2 .6, C2 .5 — the three lowest are B1, A2, C2.
    assert rules.weak_indicators(scored, D(90)) == ["A2", "B1", "C2"]


def test_at_the_threshold_only_key_indicators_count():
    scored = [("A1", D(9), D(10), False), ("A2", D(10), D(10), True)]
    assert rules.weak_indicators(scored, D(19)) == []


def test_overdue_is_past_the_deadline_and_not_handed_in():
    today = datetime.date(2023, 7, 1)
    assert rules.is_overdue(rules.IN_PROGRESS, datetime.date(2023, 6, 30), today)
    assert not rules.is_overdue(rules.IN_PROGRESS, today, today)  # due today is not yet overdue
    assert not rules.is_overdue(rules.SUBMITTED, datetime.date(2023, 6, 30), today)
    assert not rules.is_overdue(rules.ACCEPTED, datetime.date(2023, 6, 30), today)
    assert not rules.is_overdue(rules.OPEN, None, today)
