"""Demo data of the committee's own work: notices read, unread and replied; a meeting with minutes and follow-up
tasks; a training class with sessions and attendance; the member units' self-reports and ratings; and two demo
member unit contacts. Everything goes through the app's services; names are marked （演示）. Never loaded by a
migration, and safe to re-run: what exists is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from colleges.access import membership_of
from colleges.demo import demo_user
from colleges.models import College, CommitteeMember, Membership, MemberUnit, Role
from core.uploads import check_upload

from .access import people_of
from .models import Meeting, Notice, RatingLevel, TrainingClass, TrainingSession, UnitReport
from .services import meetings as meeting_services
from .services import notices as notice_services
from .services import training as training_services
from .services import units as unit_services

YEAR = 2022
# username, display name, member unit
UNIT_ACCOUNTS = [
    ("unit-xg", "学生工作处关工委联络员（演示）", "学工"),
    ("unit-zk", "质量管理办公室关工委联络员（演示）", "质控"),
]


def _pdf(name: str):
    return check_upload(SimpleUploadedFile(name, b"%PDF-1.4\n% demo\n%%EOF\n", content_type="application/pdf"))


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def load_unit_accounts() -> int:
    created = 0
    for username, display_name, unit_name in UNIT_ACCOUNTS:
        unit = MemberUnit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        user, was_created = demo_user(username, display_name)
        created += was_created
        Membership.objects.get_or_create(user=user, defaults={"role": Role.UNIT_CONTACT, "member_unit": unit})
    return created


def _notices(staff) -> int:
    title = "关于报送2022年上半年关心下一代工作总结的通知（演示）"
    if Notice.objects.filter(title=title).exists():
        return 0
    colleges = list(College.objects.active())
    summary = notice_services.publish_notice(
        Notice(
            title=title,
            body="各二级学院关工委：\n请于7月10日前报送上半年工作总结（Word 或 PDF），并简要说明下半年工作打算。",
            audience="all_colleges",
            reply="file",
            deadline=datetime.date(YEAR, 7, 10),
        ),
        staff,
        files=[_pdf("上半年工作总结模板.pdf")],
    )
    reading = notice_services.publish_notice(
        Notice(
            title="关于组织开展“读懂中国”活动的通知（演示）",
            body="请各学院组织学生参加教育部关工委“读懂中国”活动，做好征文和微视频的组织工作。",
            audience="all_colleges",
            public=True,
        ),
        staff,
    )
    units_notice = notice_services.publish_notice(
        Notice(
            title="关于报送委员单位年度履职情况的通知（演示）",
            body="请各委员单位对照工作要点中本单位负责的事项，在平台上填写年度履职自评并上传佐证材料。",
            audience="chosen",
            reply="text",
            deadline=datetime.date(YEAR, 12, 15),
        ),
        staff,
        units=list(MemberUnit.objects.all()),
    )
    # Of the colleges with a demo secretary, the first replied and the next read only; the rest have not opened it.
    secretaries = (
        Membership.objects.filter(role=Role.SECRETARY, college__in=colleges, user__is_active=True)
        .select_related("user", "college")
        .order_by("college__order", "college__code")
    )
    for index, role in enumerate(secretaries):
        secretary, college = role.user, role.college
        for notice in (summary, reading):
            notice_services.record_read(notice.receipts.get(college=college), secretary)
        if index == 0:
            receipt = summary.receipts.get(college=college)
            notice_services.reply(
                receipt, secretary, "已按要求报送上半年工作总结。", [_pdf(f"{college.short_name}上半年总结.pdf")], 1
            )
    contact = _user("unit-xg")
    if contact is not None:
        receipt = units_notice.receipts.get(unit=membership_of(contact).member_unit)
        notice_services.reply(receipt, contact, "学工处已在平台填写履职自评。", [], receipt.version)
    return 3


def _meeting(staff) -> int:
    title = "2022年校关工委全体委员（扩大）会议（演示）"
    if Meeting.objects.filter(title=title).exists():
        return 0
    colleges = list(College.objects.active()[:8])
    units = list(MemberUnit.objects.all())
    meeting = meeting_services.save_meeting(
        Meeting(
            title=title,
            held_on=datetime.date(YEAR, 3, 18),
            place="行政楼第一会议室",
            agenda="一、传达学习省教育系统关工委工作会议精神\n二、审议《2022年关工委工作要点》\n三、部署“一院一品”品牌建设",
            minutes=(
                "会议由校关工委常务副主任主持。会议传达了上级关工委工作会议精神，审议通过了2022年工作要点。"
                "会议要求各二级学院关工委对照均衡发展考核指标抓好落实，各委员单位按职责做好支持保障。"
            ),
            other_attendees="校关工委讲师团代表（演示）",
        ),
        staff,
        colleges,
        units,
    )
    meeting_services.add_meeting_files(meeting, staff, [_pdf("会议纪要.pdf")])
    meeting_services.add_decision(
        meeting,
        staff,
        "各二级学院于4月底前报送本院“一院一品”品牌项目实施方案。",
        colleges[:4],
        [],
        datetime.date(YEAR, 4, 30),
    )
    unit_names = ["学工", "宣传"]
    meeting_services.add_decision(
        meeting,
        staff,
        "学工处、宣传部配合做好“阳光屋”关爱超市和网上关工委建设，年中报告进展。",
        [],
        [u for u in units if u.name in unit_names],
        datetime.date(YEAR, 6, 30),
    )
    # The first college has done its task; the others are open (and, in the demo's year, overdue).
    first = colleges[0] if colleges else None
    secretary = people_of(colleges=[first.pk] if first else []).first()
    task = meeting.decisions.first().tasks.filter(college=first).first()
    if task is not None and secretary is not None:
        meeting_services.complete_task(task, secretary, "已报送品牌项目实施方案，并经学院党委审定。", task.version)
    return 1


def _training(staff) -> int:
    title = "2022年二级学院关工委干部培训班（演示）"
    if TrainingClass.objects.filter(title=title).exists():
        return 0
    training = training_services.save_training(
        TrainingClass(title=title, year=YEAR, description="面向二级学院关工委主任、秘书和“五老”骨干。"), staff
    )
    topics = [
        (datetime.date(YEAR, 5, 12), "新时代关心下一代工作的形势与任务", Decimal("3")),
        (datetime.date(YEAR, 5, 19), "二级学院关工委优质化建设指标解读", Decimal("2")),
        (datetime.date(YEAR, 5, 26), "“一院一品”品牌项目的策划与宣传", Decimal("2.5")),
    ]
    members = list(
        CommitteeMember.objects.filter(active=True, position__in=["director", "executive_deputy", "secretary"])
        .select_related("college")
        .order_by("college__order", "pk")
    )
    for index, (held_on, topic, hours) in enumerate(topics):
        session = training_services.add_session(
            training, staff, TrainingSession(held_on=held_on, topic=topic, hours=hours)
        )
        # Fewer people at each later session, so that colleges' attendance differs.
        attended = [m for position, m in enumerate(members) if position % (index + 2) != 1]
        training_services.record_attendance(session, staff, attended, session.version)
    return 1


def _unit_reports(staff) -> int:
    # The demo unit contact's own report (学工) waits for them to finish and submit it: the loop starts with them.
    plans = {
        "学工": ("draft", None, "配合关工委建成“阳光屋”关爱超市，开展重点人头精准疏导32人次。"),
        "组织": ("rated", "优秀", "以“青马工程”为载体，邀请老同志担任特邀组织员，协助发展学生党员。"),
        "教务": ("submitted", None, "支持老教授参与“青蓝工程”，结对青年教师15对。"),
        "宣传": ("rated", "良好", "网上关工委专栏建设持续推进，全年编发关工委新闻40余篇。"),
    }
    created = 0
    for name, (status, rating, text) in plans.items():
        unit = MemberUnit.objects.filter(name=name).first()
        if unit is None or UnitReport.objects.filter(unit=unit, year=YEAR).exists():
            continue
        author = _user("unit-xg") if name == "学工" and _user("unit-xg") else staff
        report = unit_services.save_unit_report(unit, YEAR, author, text, 0)
        unit_services.add_unit_files(report, author, [_pdf(f"{name}履职佐证.pdf")])
        report.refresh_from_db()
        if status in {"submitted", "rated"}:
            report = unit_services.transition_unit_report(report, author, "submit", "", report.version)
        if status == "rated":
            level = RatingLevel.objects.get(name=rating)
            unit_services.rate_unit_report(report, staff, level, "履职到位，成效明显。", report.version)
        created += 1
    return created


@transaction.atomic
def load_demo_committee() -> int:
    """Returns the number of demo objects created (accounts, notices, meetings, classes, self-reports)."""
    staff = _user("staff")
    if staff is None or not MemberUnit.objects.exists():
        return 0  # the plan (with its member units) and the demo accounts come first
    created = load_unit_accounts()
    created += _notices(staff) + _meeting(staff) + _training(staff) + _unit_reports(staff)
    return created
