"""The indicator scheme: the shipped default, staff edits that must add up, the lock, the copy to a new year."""

from decimal import Decimal as D

from django.core.management import call_command
from django.urls import reverse

from colleges.models import College
from scoring import assessments, schemes
from scoring.models import Assessment, AssessmentStatus, Indicator, Scheme


def test_the_default_2022_scheme_has_100_points_and_three_key_indicators(scheme):
    scored = schemes.scored_indicators(scheme)
    assert sum(i.max_points for i in scored) == D(100) == scheme.total
    assert [i.code for i in scored if i.is_key] == ["A2", "B1", "D1"]
    assert {i.mode for i in scored} == {"points", "yes_no", "graded"}
    assert schemes.scheme_problems(scheme) == []
    groups = Indicator.objects.filter(scheme=scheme, parent=None)
    assert all(g.max_points == sum(c.max_points for c in g.children.all()) for g in groups)


def test_loading_twice_changes_nothing(scheme):
    Indicator.objects.filter(scheme=scheme, code="A3").update(name="staff wording")
    call_command("load_scheme")
    assert Indicator.objects.get(scheme=scheme, code="A3").name == "staff wording"
    assert Scheme.objects.count() == 1


def formset_data(scheme, changes=None, extra=None):
    data = {"title": scheme.title, "total": "100", "threshold": "90"}
    indicators = list(scheme.indicators.order_by("order", "code"))
    rows = []
    for indicator in indicators:
        row = {
            "id": indicator.pk,
            "order": indicator.order,
            "code": indicator.code,
            "name": indicator.name,
            "parent": indicator.parent_id or "",
            "max_points": str(indicator.max_points),
            "is_key": "on" if indicator.is_key else "",
            "mode": indicator.mode,
            "points_text": indicator.points_text,
            "evidence_hint": indicator.evidence_hint,
        }
        row.update((changes or {}).get(indicator.code, {}))
        rows.append(row)
    rows += extra or []
    data.update({"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(indicators), "form-MIN_NUM_FORMS": 0})
    for n, row in enumerate(rows):
        data.update({f"form-{n}-{key}": value for key, value in row.items() if value != ""})
    return data


def test_staff_edit_an_indicator_and_the_scheme_must_still_add_up(scheme, users, as_user):
    client = as_user("staff")
    url = reverse("scoring:scheme_edit", args=[2022])
    response = client.post(url, formset_data(scheme, {"A3": {"max_points": "12"}}))
    assert response.status_code == 200
    assert "各评分指标合计 102 分，与指标体系总分 100 不符" in response.content.decode()
    assert Indicator.objects.get(scheme=scheme, code="A3").max_points == D(10)

    changes = {"A3": {"max_points": "8", "name": "队伍建设与培训"}, "B3": {"max_points": "9"}}
    assert client.post(url, formset_data(scheme, changes)).status_code == 302
    assert Indicator.objects.get(scheme=scheme, code="A").max_points == D(23)  # the group follows its children
    scheme.refresh_from_db()
    assert scheme.revision == 2


def test_a_key_flag_can_move_and_a_scheme_without_keys_is_refused(scheme, users, as_user):
    client = as_user("staff")
    url = reverse("scoring:scheme_edit", args=[2022])
    no_keys = {code: {"is_key": ""} for code in ["A2", "B1", "D1"]}
    response = client.post(url, formset_data(scheme, no_keys))
    assert "指标体系中没有关键指标" in response.content.decode()
    assert client.post(url, formset_data(scheme, {"D1": {"is_key": ""}, "C1": {"is_key": "on"}})).status_code == 302
    assert [i.code for i in schemes.scored_indicators(scheme) if i.is_key] == ["A2", "B1", "C1"]


def test_a_year_with_a_final_assessment_locks_its_scheme(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    rows = {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["staff"], "final_score", rows)
    assessments.transition(assessment, users["staff"], "finalise")
    assert scheme.is_locked
    response = as_user("staff").post(
        reverse("scoring:scheme_edit", args=[2022]), formset_data(scheme, {"A3": {"name": "改"}}), follow=True
    )
    assert "指标体系不能再修改" in response.content.decode()
    assert Indicator.objects.get(scheme=scheme, code="A3").name != "改"


def test_copying_to_the_next_year_keeps_the_tree(scheme, users, as_user):
    response = as_user("staff").post(reverse("scoring:scheme_copy", args=[2022]), {"year": 2023})
    assert response.status_code == 302
    new = Scheme.objects.get(year=2023)
    assert new.title.startswith("2023")
    old_tree = sorted(
        (i.code, i.parent.code if i.parent else None, i.max_points, i.is_key) for i in scheme.indicators.all()
    )
    new_tree = sorted(
        (i.code, i.parent.code if i.parent else None, i.max_points, i.is_key) for i in new.indicators.all()
    )
    assert old_tree == new_tree
    assert all(i.parent.scheme_id == new.pk for i in new.indicators.exclude(parent=None))
    response = as_user("staff").post(reverse("scoring:scheme_copy", args=[2022]), {"year": 2023})
    assert "已有 2023 年的指标体系" in response.content.decode()


def test_demo_assessments_cover_every_case(db):
    call_command("load_workplan")
    call_command("load_scheme")
    call_command("load_demo")
    call_command("load_demo")
    assessments = {a.college.code: a for a in Assessment.objects.select_related("college")}
    assert len(assessments) == College.objects.count()
    assert assessments["jx"].status == AssessmentStatus.SELF
    ty, gj = assessments["ty"], assessments["gj"]
    assert ty.is_final and not ty.balanced and ty.final_total >= 90 and ty.key_short == ["D1"]
    assert gj.is_final and not gj.balanced and gj.final_total < 90 and gj.key_short == []
    balanced = [a for a in assessments.values() if a.balanced]
    assert len(balanced) > len(assessments) / 2 and all(a.is_final for a in balanced)
