from decimal import Decimal as D

import pytest

from notifications.models import Notification
from rectification import services
from rectification.models import ItemAction, ItemStatus, RectificationItem
from rectification.workflow import RectificationError
from scoring import assessments, schemes

from .helpers import finalised, key_points_indicator, reviewed, scheme_of


def test_finalising_a_college_that_is_not_balanced_makes_an_item_per_weak_indicator(users, college_a):
    assessment = finalised(college_a, users["staff"])
    key = key_points_indicator(assessment.scheme)
    items = list(RectificationItem.objects.filter(assessment=assessment))
    assert [(i.indicator.code, i.status, i.automatic) for i in items] == [(key.code, ItemStatus.OPEN, True)]
    item = items[0]
    assert (item.college, item.year, item.gap) == (college_a, 2021, D(2))
    assert item.weakness == "材料不足。"  # the reviewer's comment on the indicator
    assert [e.action for e in item.events.all()] == [ItemAction.CREATE]
    told = Notification.objects.get(user=users["sec1"], title__contains="整改")
    assert "2021" in told.title
    assert not Notification.objects.filter(user=users["sec2"], title__contains="整改").exists()


def test_a_balanced_college_gets_no_item(users, college_a):
    assessment = finalised(college_a, users["staff"], short={})
    assert assessment.balanced
    assert not RectificationItem.objects.exists()


def test_a_short_total_adds_its_weakest_indicators(users, college_a):
    scheme = scheme_of(2021)
    plain = [i for i in schemes.scored_indicators(scheme) if i.mode == "points"]
    short = {i.code: i.max_points for i in plain if not i.is_key}  # every plain non-key indicator at zero
    assessment = finalised(college_a, users["staff"], short=short)
    codes = set(RectificationItem.objects.filter(assessment=assessment).values_list("indicator__code", flat=True))
    assert len(codes) == 3 and codes <= set(short)


def test_creation_runs_twice_without_making_more(users, college_a):
    assessment = finalised(college_a, users["staff"])
    assert services.follow_finalised(assessment, users["staff"]) == []
    reopened = assessments.transition(assessment, users["staff"], "reopen", "复核")
    assessments.transition(reopened, users["staff"], "finalise")
    assert RectificationItem.objects.filter(assessment=assessment).count() == 1


def test_staff_choose_any_indicator_below_full_marks(users, college_a, graded):
    candidates = services.candidate_scores(graded)
    assert [s.indicator.code for s in candidates] == [key_points_indicator(graded.scheme).code]
    balanced = finalised(college_a, users["staff"], year=2020, short={"A3": D(1)})
    assert balanced.balanced and not RectificationItem.objects.filter(assessment=balanced).exists()
    a3 = [s for s in services.candidate_scores(balanced) if s.indicator.code == "A3"]
    made = services.create_items(balanced, users["staff"], [a3[0].indicator_id])
    assert [(i.indicator.code, i.automatic) for i in made] == [("A3", False)]
    assert services.create_items(balanced, users["staff"], [a3[0].indicator_id]) == []


def test_an_indicator_at_full_marks_or_an_assessment_not_final_is_refused(users, college_a, graded):
    full = graded.scores.exclude(indicator__in=[s.indicator_id for s in services.candidate_scores(graded)]).first()
    with pytest.raises(RectificationError, match="未得满分"):
        services.create_items(graded, users["staff"], [full.indicator_id])
    open_one = reviewed(college_a, users["staff"], year=2019)
    with pytest.raises(RectificationError, match="已完成的考核"):
        services.create_items(open_one, users["staff"], [])


def test_only_staff_create_items(users, graded):
    for name in ("sec1", "office"):
        with pytest.raises(RectificationError, match="校关工委工作人员"):
            services.create_items(graded, users[name], [])
