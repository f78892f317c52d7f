"""Target metrics are registered by the apps that count them; plans shows their labels and knows none by name."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from activities.forms import ActivityKindForm
from activities.models import ActivityKind
from core import metrics
from plans.forms import TargetForm
from plans.models import Target
from plans.progress import goal_of, progress_for_plan, progress_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps left it, restored after the test registers its own metrics."""
    monkeypatch.setattr(metrics, "_registry", dict(metrics._registry))
    return metrics


def volunteer_hours(year):
    return Decimal(120), f"{year} 年志愿服务 120 小时"


def test_every_counting_app_registers_its_metric_with_a_chinese_label():
    labels = {m.key: str(m.label) for m in metrics.registered()}
    assert labels == {
        "brand_project_share": "已开展本年度“一院一品”项目的二级学院比例",
        "lecturer_lectures": "讲师团宣讲场次（按审核通过的活动报告统计）",
        "balanced_college_share": "达到“均衡发展”的二级学院比例（按考核结果统计）",
        "retiree_share": "当年退休教师加入二级学院关工委的比例",
    }


def test_a_metric_an_app_registers_is_offered_by_its_label_on_the_target_form(registry, plan, as_user):
    registry.register("volunteer_hours", "志愿服务时长", volunteer_hours)
    target = Target.objects.get(plan=plan, code="lecturer-lectures")
    assert ("volunteer_hours", "志愿服务时长") in TargetForm(instance=target).fields["metric"].choices
    page = as_user("staff").get(reverse("plans:target_edit", args=[2022, "lecturer-lectures"])).content.decode()
    assert '<option value="volunteer_hours">志愿服务时长</option>' in page
    assert '<option value="lecturer_lectures" selected>讲师团宣讲场次（按审核通过的活动报告统计）</option>' in page

    response = as_user("staff").post(
        reverse("plans:target_edit", args=[2022, "lecturer-lectures"]),
        {"name": target.name, "metric": "volunteer_hours", "goal": "100", "unit": "小时"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert progress_of(target, 2022).value == Decimal(120)
    assert "2022 年志愿服务 120 小时" in as_user("office").get(plan.get_absolute_url()).content.decode()


def test_a_target_whose_metric_no_app_counts_is_shown_as_not_measured(plan, as_user):
    Target.objects.filter(plan=plan, code="lecturer-lectures").update(metric="retired_metric")
    target = Target.objects.get(plan=plan, code="lecturer-lectures")
    assert progress_of(target, 2022).value is None
    progress = {p.target.code: p for p in progress_for_plan(plan)}
    assert not progress["lecturer-lectures"].is_measured and progress["brand-projects"].is_measured

    plan_page = as_user("office").get(plan.get_absolute_url()).content.decode()
    assert "暂未统计" in plan_page and "retired_metric" not in plan_page
    form_page = as_user("staff").get(reverse("plans:target_edit", args=[2022, "lecturer-lectures"])).content.decode()
    assert '<option value="retired_metric" selected>暂无模块统计此项</option>' in form_page


def test_registering_a_key_twice_with_another_counter_is_refused(registry):
    with pytest.raises(ValueError, match="lecturer_lectures"):
        registry.register("lecturer_lectures", "别的统计", volunteer_hours)


def test_the_year_goal_comes_from_the_plans_target(plan):
    goal = goal_of(2022, "balanced_college_share")
    assert (goal.goal, goal.stretch, goal.unit) == (Decimal(90), Decimal(100), "%")
    assert [goal.standing(Decimal(v)) for v in ("89.9", "90", "99.9", "100")] == ["short", "goal", "goal", "stretch"]
    assert goal_of(2023, "balanced_college_share") is None  # no plan that year
    assert goal_of(2022, "volunteer_hours") is None  # no such target


def test_the_activity_kinds_page_and_form_show_metric_labels_never_keys(users, as_user):
    page = as_user("staff").get(reverse("activities:kinds")).content.decode()
    assert "讲师团宣讲场次（按审核通过的活动报告统计）" in page
    assert "lecturer_lectures" not in page
    lectures = ActivityKind.objects.get(code="lecturer-lecture")
    choices = dict(ActivityKindForm(instance=lectures).fields["metric"].choices)
    assert choices["lecturer_lectures"] == "讲师团宣讲场次（按审核通过的活动报告统计）"
    assert choices[""] == "无"


def test_plans_code_names_no_metric():
    """plans reads progress through the registry only: no metric key in its code (the plan's data may name them)."""
    sources = [p for p in (Path(settings.BASE_DIR) / "plans").rglob("*.py") if "migrations" not in p.parts]
    named = {(p.name, m.key) for p in sources for m in metrics.registered() if m.key in p.read_text(encoding="utf-8")}
    assert named == set()
