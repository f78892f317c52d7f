from decimal import Decimal

from django.core.management import call_command

from colleges.models import MemberUnit
from plans.models import Section, Target, WorkPlan, WorkPoint, WorkPointStatus

# The six section headings exactly as the seed document writes them (after "一、" … "六、").
SEED_SECTION_TITLES = [
    "提高政治站位，正确把握关工委工作方向",
    "优化工作机制，进一步提升关工委工作的整体水平",
    "认真对标补差，扎实推进关工委优质化建设均衡发展",
    "强化思想引领，深入开展社会主义核心价值观教育",
    "坚持精准服务，做好青年师生的关爱帮扶工作",
    "找准工作定位，加强关工委自身建设",
]
SEED_MEMBER_UNITS = ["办公室", "组织", "宣传", "学工", "教务", "质控", "财务", "人事", "工会", "团委"]


def counts():
    return [model.objects.count() for model in (WorkPlan, Section, WorkPoint, Target, MemberUnit)]


def test_load_workplan_twice_leaves_the_same_counts(db):
    call_command("load_workplan")
    first = counts()
    call_command("load_workplan")
    assert counts() == first
    assert first[:2] == [1, 6]


def test_the_plan_holds_the_documents_header(plan):
    assert plan.year == 2022
    assert plan.doc_number == "锡职院委〔2022〕13号"
    assert plan.issuer == "中共无锡职业技术学院委员会"
    assert plan.issued_on.isoformat() == "2022-03-28"
    assert plan.recipients == "机关党工委、各党总支、各直属党支部、各单位、各部门"
    assert plan.preamble.startswith("2022 年学校关工委工作的总体要求是：")


def test_the_plan_holds_all_six_sections_as_the_seed_writes_them(plan):
    sections = list(plan.sections.order_by("number"))
    assert [s.title for s in sections] == SEED_SECTION_TITLES
    assert [str(s) for s in sections][0] == "一、提高政治站位，正确把握关工委工作方向"
    # Page-break artefacts of the source are joined, markdown markers are gone.
    assert "为党分忧" in sections[0].body
    assert all("**" not in s.body for s in sections)
    assert "全年讲师团宣讲不少于 25 场" in sections[3].body


def test_every_section_has_work_points_and_the_member_units_are_named(plan):
    assert all(section.work_points.exists() for section in plan.sections.all())
    assert list(MemberUnit.objects.values_list("name", flat=True)) == SEED_MEMBER_UNITS
    duties_point = WorkPoint.objects.get(section__plan=plan, code="2.2")
    assert duties_point.units.count() == 10


def test_the_plan_holds_the_four_measurable_targets(plan):
    targets = {t.code: t for t in plan.targets.all()}
    assert set(targets) == {"balanced-share", "lecturer-lectures", "brand-projects", "retiree-share"}
    assert (targets["balanced-share"].goal, targets["balanced-share"].stretch_goal) == (Decimal(90), Decimal(100))
    assert targets["balanced-share"].unit == "%"
    assert targets["lecturer-lectures"].goal == Decimal(25)
    assert targets["lecturer-lectures"].work_point.code == "4.2"
    assert targets["brand-projects"].work_point.code == "3.3"
    assert (targets["retiree-share"].work_point.code, targets["retiree-share"].metric) == ("6.4", "retiree_share")


def test_a_reload_keeps_what_staff_changed(plan):
    point = WorkPoint.objects.get(section__plan=plan, code="3.1")
    point.status = WorkPointStatus.IN_PROGRESS
    point.title = "staff wording"
    point.save()
    call_command("load_workplan")
    point.refresh_from_db()
    assert (point.status, point.title) == (WorkPointStatus.IN_PROGRESS, "staff wording")


def test_update_restores_the_text_but_keeps_the_status(plan):
    point = WorkPoint.objects.get(section__plan=plan, code="3.1")
    original_title = point.title
    WorkPoint.objects.filter(pk=point.pk).update(status=WorkPointStatus.DONE, title="changed")
    call_command("load_workplan", update=True)
    point.refresh_from_db()
    assert (point.status, point.title) == (WorkPointStatus.DONE, original_title)
