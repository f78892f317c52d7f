"""Demo 整改 of 2022: scoring's demo finalised the year's assessments, and each college not balanced got its items
through the same follow-up (services.follow_finalised). The secretaries of those two colleges (the demo's other
secretaries' colleges are balanced or still self-assessing) get accounts; one college's first item gets a plan and
progress notes, the other's is planned, noted, submitted and accepted. Never run by a migration."""

from __future__ import annotations

import datetime

from activities.models import ActivityReport
from colleges.demo import load_demo_accounts, school_secretaries, school_staff
from colleges.models import College, Role
from scoring.models import Assessment, AssessmentStatus

from . import services
from .models import ItemStatus, RectificationItem
from .workflow import ACCEPT, SUBMIT

# username, display name, role, college code: scoring.demo's colleges short of balanced development.
ACCOUNTS = [
    ("sec_ty", "体育部关工委秘书（演示）", Role.SECRETARY, "ty"),
    ("sec_gj", "国际教育学院关工委秘书（演示）", Role.SECRETARY, "gj"),
]


def load_demo_rectification(year: int = 2022) -> int:
    staff = school_staff()
    if staff is None:
        return 0
    codes = set(College.objects.values_list("code", flat=True))
    made = load_demo_accounts([account for account in ACCOUNTS if account[3] in codes])
    for assessment in Assessment.objects.filter(scheme__year=year, status=AssessmentStatus.FINALISED, balanced=False):
        made += len(services.follow_finalised(assessment, staff))  # none when finalising made them already
    secretaries = school_secretaries()
    # The first college's first item in progress, the second's accepted; an item already played is left alone.
    for n, (_username, _name, _role, code) in enumerate(ACCOUNTS):
        item = RectificationItem.objects.filter(year=year, college__code=code).order_by("pk").first()
        if item is not None and item.status == ItemStatus.OPEN and item.college_id in secretaries:
            _play(item, secretaries[item.college_id], staff, accept=n == 1, year=year)
    return made


def _play(item, secretary, staff, *, accept: bool, year: int) -> None:
    item = services.save_plan(
        item,
        secretary,
        measures="一、召开关工委专题会议，对照指标逐项查找不足；\n二、制定月度工作安排，明确到人；\n三、年中自查，年底前完成。",
        owner="王老师",
        deadline=datetime.date(year + 1, 6, 30),
        expected_version=item.version,
    )
    reports = list(ActivityReport.objects.approved().filter(college_id=item.college_id, year=year)[:2])
    services.add_note(
        item,
        secretary,
        text="已召开专题会议，梳理问题清单，落实责任人。",
        on=datetime.date(year + 1, 1, 10),
        reports=reports[:1],
        expected_version=item.version,
    )
    item = RectificationItem.objects.get(pk=item.pk)
    services.add_note(
        item,
        secretary,
        text="按计划开展专项活动两次，材料已归档。",
        on=datetime.date(year + 1, 3, 20),
        reports=reports[1:],
        expected_version=item.version,
    )
    if accept:
        item = RectificationItem.objects.get(pk=item.pk)
        item = services.transition(item, secretary, SUBMIT, expected_version=item.version)
        services.transition(item, staff, ACCEPT, expected_version=item.version)
