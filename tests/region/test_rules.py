"""The region's pure rules: the report's length in characters, reviewer assignment, consolidation, verdicts."""

from decimal import Decimal as D

import pytest

from region import rules
from scoring.rules import IndicatorSpec

SPECS = [
    IndicatorSpec("A1", "领导体制", D(10), is_key=True, mode="yes_no"),
    IndicatorSpec("A2", "全覆盖", D(20), is_key=True),
    IndicatorSpec("B1", "制度", D(70)),
]


# ── the 2,000-character limit ──


def test_chinese_characters_are_counted_as_characters_not_bytes():
    text = "关" * 2000
    assert len(text.encode("utf-8")) == 6000
    assert rules.char_count(text) == 2000
    assert not rules.report_too_long(text)
    assert rules.report_too_long(text + "工")


def test_a_line_break_counts_once_however_the_browser_sends_it():
    assert rules.char_count("第一段\r\n第二段") == 7
    assert rules.char_count("第一段\r第二段") == 7
    assert not rules.report_too_long("关" * 1999 + "\r\n")
    assert rules.report_too_long("关" * 1999 + "\r\n" + "工")


def test_a_character_beyond_the_basic_plane_is_one_character():
    assert rules.char_count("𠀀" * 3) == 3


# ── assignment ──


def _apps(*schools):
    return [rules.Candidate(100 + i, school) for i, school in enumerate(schools)]


def _people(*schools):
    return [rules.Candidate(1 + i, school) for i, school in enumerate(schools)]


def test_nobody_reviews_their_own_school():
    applications = _apps(*range(1, 11))
    reviewers = _people(1, 2, 3, 4, 5)
    plan = rules.assign_reviewers(applications, reviewers, 2)
    school = {r.id: r.school_id for r in reviewers}
    for application in applications:
        assert len(plan[application.id]) == 2
        assert application.school_id not in {school[r] for r in plan[application.id]}


def test_the_load_is_even():
    plan = rules.assign_reviewers(_apps(*range(1, 11)), _people(1, 2, 3, 4, 5), 2)
    loads = {}
    for reviewers in plan.values():
        for reviewer in reviewers:
            loads[reviewer] = loads.get(reviewer, 0) + 1
    assert sum(loads.values()) == 20
    assert max(loads.values()) - min(loads.values()) <= 1


def test_current_load_is_taken_into_account():
    plan = rules.assign_reviewers(_apps(9, 9), _people(1, 2, 3), 1, current_load={1: 5, 2: 0, 3: 0})
    assert sorted(r for rs in plan.values() for r in rs) == [2, 3]


def test_an_application_gets_only_the_eligible_reviewers_when_too_few():
    plan = rules.assign_reviewers(_apps(1), _people(1, 2), 3)
    assert plan == {100: [2]}


def test_an_application_only_its_own_school_could_review_is_refused():
    with pytest.raises(rules.AssignmentProblem) as problem:
        rules.assign_reviewers(_apps(1, 2), _people(1), 1)
    assert problem.value.application_ids == (100,)


def test_no_panel_is_refused():
    with pytest.raises(rules.AssignmentProblem):
        rules.assign_reviewers(_apps(1), [], 1)


def test_the_scarcest_application_is_served_first():
    # School 1's application (101) can only go to reviewer 1; served in id order, application 100 would take
    # reviewer 1 first and leave reviewer 2 idle.
    applications = [rules.Candidate(100, 3), rules.Candidate(101, 1)]
    reviewers = [rules.Candidate(1, 2), rules.Candidate(2, 1)]
    plan = rules.assign_reviewers(applications, reviewers, 1)
    assert plan == {101: [1], 100: [2]}


def test_own_school_violations_are_named():
    pairs = [(rules.Candidate(100, 1), rules.Candidate(1, 1)), (rules.Candidate(101, 2), rules.Candidate(1, 1))]
    assert rules.own_school_violations(pairs) == [(100, 1)]


# ── consolidation ──


def test_consolidation_gives_mean_spread_and_flags_beyond_the_threshold():
    sheets = [{"A1": D(10), "A2": D(20), "B1": D(60)}, {"A1": D(0), "A2": D(18), "B1": D(63)}]
    rows = {row.code: row for row in rules.consolidate(sheets, SPECS, D(2))}
    assert rows["A1"].mean == D(5) and rows["A1"].spread == D(10) and rows["A1"].flagged
    assert rows["A2"].mean == D(19) and rows["A2"].spread == D(2) and not rows["A2"].flagged  # exactly 2: not more
    assert rows["B1"].mean == D("61.50") and rows["B1"].flagged
    assert rules.consolidated_total(list(rows.values())) == D("85.50")


def test_a_mean_is_rounded_half_up_to_cents():
    sheets = [{"B1": D(60)}, {"B1": D(60)}, {"B1": D("60.01")}]
    (row,) = [r for r in rules.consolidate(sheets, SPECS, D(5)) if r.code == "B1"]
    assert row.mean == D("60.00")
    sheets = [{"B1": D("60.005")}, {"B1": D("60.005")}]
    (row,) = [r for r in rules.consolidate(sheets, SPECS, D(5)) if r.code == "B1"]
    assert row.mean == D("60.01")


def test_unscored_indicators_have_no_mean_and_are_not_flagged():
    rows = rules.consolidate([{"A1": None}, {}], SPECS, D(0))
    assert all(r.mean is None and r.count == 0 and not r.flagged for r in rows)
    assert rules.consolidated_total(rows) is None


def test_a_single_reviewer_has_no_spread():
    rows = rules.consolidate([{"A1": D(10), "A2": D(5), "B1": D(1)}], SPECS, D(0))
    assert all(r.spread == 0 and not r.flagged for r in rows)


# ── verdicts (the colleges' rule) ──


def test_balanced_at_exactly_the_threshold_with_keys_full():
    verdict = rules.verdict({"A1": D(10), "A2": D(20), "B1": D(60)}, SPECS, D(90))
    assert verdict.balanced and verdict.total == D(90) and verdict.reasons == ()


def test_one_key_short_is_not_balanced_whatever_the_total():
    verdict = rules.verdict({"A1": D(10), "A2": D("19.5"), "B1": D(70)}, SPECS, D(90))
    assert not verdict.balanced and verdict.key_short == ("A2",)
    assert any("A2" in reason for reason in verdict.reasons)


def test_just_below_the_threshold_is_not_balanced():
    verdict = rules.verdict({"A1": D(10), "A2": D(20), "B1": D("59.99")}, SPECS, D(90))
    assert not verdict.balanced and verdict.total == D("89.99")
    assert any("89.99" in reason for reason in verdict.reasons)


def test_a_missing_score_counts_as_zero_with_a_reason():
    verdict = rules.verdict({"A2": D(20), "B1": D(70)}, SPECS, D(90))
    assert not verdict.balanced and verdict.key_short == ("A1",)
    assert any("A1" in reason for reason in verdict.reasons)


def _consolidated(code, mean):
    return rules.Consolidated(code, 2 if mean is not None else 0, mean, D(0), False)


def test_the_collective_score_starts_from_the_reviewers_mean():
    offered = rules.prefill_collective(
        {"A1": None, "A2": None}, [_consolidated("A1", D("7.5")), _consolidated("A2", None)]
    )
    assert offered == {"A1": D("7.5"), "A2": None}


def test_a_recorded_collective_score_is_kept_over_the_mean_even_zero():
    offered = rules.prefill_collective(
        {"A1": D(0), "A2": D(9)}, [_consolidated("A1", D(5)), _consolidated("A2", D(10))]
    )
    assert offered == {"A1": D(0), "A2": D(9)}


def test_an_indicator_nobody_reviewed_is_offered_blank():
    assert rules.prefill_collective({"B1": None}, []) == {"B1": None}
