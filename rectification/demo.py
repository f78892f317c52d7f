"""Demo 整改 of 2022: scoring's demo finalised the year's assessments, and each college not balanced got its items
through the same follow-up (services.follow_finalised). Here one college's first item gets a plan and progress
notes, and another's is planned, noted, submitted and accepted. Never run by a migration."""

from __future__ import annotations

import datetime

from activities.models import ActivityReport
from colleges.demo import school_secretaries, school_staff
from scoring.models import Assessment, AssessmentStatus

from . import services
from .models import ItemStatus, RectificationItem
from .workflow import ACCEPT, SUBMIT


def load_demo_rectification(year: int = 2022) -> int:
    staff = school_staff()
    if staff is None:
        return 0
    made = 0
    for assessment in Assessment.objects.filter(scheme__year=year, status=AssessmentStatus.FINALISED, balanced=False):
        made += len(services.follow_finalised(assessment, staff))  # none when finalising made them already
    secretaries = school_secretaries()
    firsts = []
    for college_id in (
        RectificationItem.objects.filter(year=year).order_by("college_id").values_list("college_id", flat=True).distinct()
    ):
        item = RectificationItem.objects.filter(year=year, college_id=college_id).order_by("pk").first()
        if item.status == ItemStatus.OPEN and college_id in secretaries:
            firsts.append(item)
    for n, item in enumerate(firsts[:2]):
        secretary = secretaries[item.college_id]
        _play(item, secretary, staff, accept=n == 1, year=year)
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
