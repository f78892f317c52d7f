from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from colleges.models import BrandProject, MemberUnit
from plans.models import Target, WorkPoint, WorkPointStatus


def test_every_role_reads_the_plan_as_a_document(plan, users, as_user):
    for persona in ["staff", "office", "sec1", "sec2"]:
        page = as_user(persona).get(reverse("plans:detail", args=[2022])).content.decode()
        assert "锡职院委〔2022〕13号" in page
        assert "一、提高政治站位，正确把握关工委工作方向" in page
        assert "六、找准工作定位，加强关工委自身建设" in page
        assert "讲师团宣讲场次" in page


def test_plan_page_shows_live_brand_project_progress(plan, college_a, college_b, as_user):
    # College A has a 2022 brand project, college B has none: 1 of 2 colleges, 50 %.
    page = as_user("office").get(reverse("plans:detail", args=[2022])).content.decode()
    assert "2 个学院中的 1 个" in page
    assert 'style="width: 50%"' in page
    BrandProject.objects.create(college=college_b, year=2022, title="新项目")
    page = as_user("office").get(reverse("plans:detail", args=[2022])).content.decode()
    assert 'style="width: 100%"' in page


def test_plan_page_query_count_does_not_grow_with_the_plan(plan, users, as_user):
    client = as_user("staff")
    url = reverse("plans:detail", args=[2022])
    client.get(url)  # warm the session

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    section = plan.sections.get(number=6)
    for n in range(30):
        point = WorkPoint.objects.create(section=section, code=f"6.{n + 10}", order=n + 10, title="x", text="x")
        point.units.set(MemberUnit.objects.all()[:3])
        Target.objects.create(
            plan=plan, work_point=point, code=f"t{n}", name="t", metric="brand_project_share", goal=1, unit="%"
        )
    client.get(url)  # the writes retired the cached figures: compare warm with warm
    assert queries() == before


def test_staff_update_a_work_points_status_and_units(plan, as_user):
    units = MemberUnit.objects.filter(name__in=["学工", "团委"])
    response = as_user("staff").post(
        reverse("plans:work_point_edit", args=[2022, "4.1"]),
        {
            "title": "开展红色教育",
            "status": WorkPointStatus.IN_PROGRESS,
            "text": "组织学生参加“读懂中国”活动。",
            "progress_note": "3 月已启动",
            "units": [u.pk for u in units],
        },
    )
    assert response.status_code == 302
    point = WorkPoint.objects.get(section__plan=plan, code="4.1")
    assert point.status == WorkPointStatus.IN_PROGRESS
    assert set(point.units.values_list("name", flat=True)) == {"学工", "团委"}
    page = as_user("sec1").get(point.get_absolute_url()).content.decode()
    assert "3 月已启动" in page and "进行中" in page


def test_a_stretch_goal_below_the_goal_is_refused_in_chinese(plan, as_user):
    target = Target.objects.get(plan=plan, code="balanced-share")
    response = as_user("staff").post(
        reverse("plans:target_edit", args=[2022, "balanced-share"]),
        {"name": target.name, "metric": target.metric, "goal": "90", "stretch_goal": "80", "unit": "%"},
    )
    assert response.status_code == 200
    assert "挑战目标不能低于目标值" in response.content.decode()
    target.refresh_from_db()
    assert target.stretch_goal == Decimal(100)


def test_an_empty_section_text_is_refused_and_nothing_changes(plan, as_user):
    section = plan.sections.get(number=1)
    response = as_user("staff").post(reverse("plans:section_edit", args=[2022, 1]), {"title": "", "body": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    section.refresh_from_db()
    assert section.title == "提高政治站位，正确把握关工委工作方向"


def test_unknown_year_or_work_point_is_404(plan, as_user):
    client = as_user("staff")
    assert client.get("/plans/2099/").status_code == 404
    assert client.get("/plans/2022/points/9.9/").status_code == 404
    assert client.get("/plans/99999/").status_code == 404
