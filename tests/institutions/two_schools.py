"""A second school beside the home school, with the same personas and the same kinds of data (issue 27, item 5).

School A is the home school of tests/conftest.py (staff, office, sec1, sec2, admin, colleges "aa" and "bb", the
2022 plan and scheme …). School B is another Institution whose rows are all made inside `school_scope(B)` by the
apps' own services: its colleges have A's codes and its plan and scheme A's year, so that an address naming a
code or a year must find each school its own row; its names and titles differ from A's, so that any of A's
`A_MARKS` on a page of B is a leak."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from colleges.models import College, CommitteeMember, MemberUnit, Position, Role
from core.scoping import every_school, school_scope
from core.uploads import check_upload
from institutions.models import Institution

# What only school A's pages say: its colleges, committee members, report titles, notice, news and care codes.
A_MARKS = [
    "机械技术学院",
    "控制技术学院",
    "甲主任",
    "丙主任",
    "讲师团宣讲：百年党史",
    "待审核的宣讲报告",
    "已审核的宣讲报告",
    "矩阵通知：报送材料",
    "JX-01",
]
# B's personas, by the name of A's persona of the same role.
B_PERSONAS = {"staff": "staff2", "office": "office2", "sec1": "sec21", "sec2": "sec22", "admin": "admin2"}
B_TITLE = "太湖宣讲：乡村振兴"
B_NOTICE = "太湖通知：报送总结"


@dataclass
class SchoolB:
    school: Institution
    users: dict = field(default_factory=dict)  # by B's username
    objects: dict = field(default_factory=dict)  # name -> row


def pdf(name="材料.pdf"):
    return check_upload(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"))


def build_school_b(code: str = "th") -> SchoolB:
    """School B with its colleges, people, plan, scheme and assessment, reports with evidence, a notice, a
    meeting, a care need, a news item, a group robot and finished builds of its files."""
    from tests.conftest import make_user

    with every_school():
        school = Institution.objects.create(code=code, name="太湖理工学院（测试）", short_name="太湖理工")
    built = SchoolB(school)
    with school_scope(school):
        first = College.objects.create(code="aa", name="太湖智造学院", short_name="智造", order=1)
        second = College.objects.create(code="bb", name="太湖信息学院", short_name="信息", order=2)
        CommitteeMember.objects.create(college=first, name="丁主任", position=Position.DIRECTOR, elder_kind="teacher")
        CommitteeMember.objects.create(college=second, name="戊主任", position=Position.DIRECTOR)
        MemberUnit.objects.create(name="太湖离退休党工委", order=1)
        MemberUnit.objects.create(name="太湖老教授协会", order=2)
        roles = {
            "staff2": (Role.STAFF, None),
            "office2": (Role.OFFICE, None),
            "sec21": (Role.SECRETARY, first),
            "sec22": (Role.SECRETARY, second),
            "admin2": (Role.ADMIN, None),
        }
        for username, (role, college) in roles.items():
            built.users[username] = make_user(username, role, college, email=f"{username}@th.example")
        built.objects.update(college=first, other_college=second)
        _plan_scheme_reports(built)
        _committee_care_publicity(built)
        _robot_and_builds(built)
    return built


def _plan_scheme_reports(built: SchoolB) -> None:
    from activities import services as reports
    from activities.models import ReportExport
    from plans.services import DATA_DIR, load_workplan_file
    from scoring import assessments, schemes
    from tests.conftest import make_report

    users, college = built.users, built.objects["college"]
    built.objects["plan"] = load_workplan_file(DATA_DIR / "workplan_2022.json").plan
    draft = make_report(college, users["sec21"], title=B_TITLE)
    reports.add_evidence(draft, users["sec21"], [check_upload(_photo())])
    approved = make_report(college, users["sec21"], status="approved", title="太湖已审核报告")
    make_report(college, users["sec21"], status="submitted", title="太湖待审报告")
    scheme, _ = schemes.load_scheme_file()
    assessment = assessments.find_assessment(college, scheme)
    assessments.add_documents(assessment.scores.first(), users["sec21"], [pdf("太湖制度.pdf")])
    built.objects.update(report=draft, approved=approved, scheme=scheme, assessment=assessment)
    export = ReportExport.objects.create(requested_by=users["staff2"], state="done")
    export.file.save("reports.xlsx", ContentFile(b"PK\x03\x04 b"), save=True)
    built.objects["report_export"] = export
    from notifications.models import Notification

    Notification.objects.create(user=users["sec21"], title="太湖报告已审核通过", link="/reports/")


def _photo():
    from tests.helpers import photo_upload

    return photo_upload("太湖照片.jpg")


def _committee_care_publicity(built: SchoolB) -> None:
    from care import services as care
    from care.models import Need, NeedCategory
    from committee.models import Meeting, Notice
    from committee.services import meetings, notices
    from publicity import services as publicity

    staff, college = built.users["staff2"], built.objects["college"]
    built.objects["notice"] = notices.publish_notice(
        Notice(title=B_NOTICE, body="请报送。", audience="chosen", reply="file", deadline=datetime.date(2022, 6, 30)),
        staff,
        colleges=[college],
        files=[pdf("太湖通知.pdf")],
    )
    built.objects["meeting"] = meetings.save_meeting(
        Meeting(title="太湖全委会", held_on=datetime.date(2022, 3, 1), agenda="议程"), staff, [college], []
    )
    care.ensure_default_categories()
    category = NeedCategory.objects.order_by("pk").first()
    built.objects["need"] = care.post_need(
        Need(college=college, category=category, person_code="TH-01", description="太湖需要谈心"), staff
    )
    approved = built.objects["approved"]
    photo = approved.evidence.first()
    news = publicity.create_news(approved, staff, "太湖新闻", "太湖新闻正文", [photo], [photo])
    news = publicity.transition_news(news, staff, "submit", "", news.version)
    built.objects["news"] = publicity.transition_news(news, staff, "publish", "", news.version)


def _robot_and_builds(built: SchoolB) -> None:
    from dashboard.models import AnnualExport
    from notifications.models import GroupWebhook
    from publicity.models import YearArchive

    staff = built.users["staff2"]
    built.objects["robot"] = GroupWebhook.objects.create(
        college=None, platform="wecom", hint="qyapi.weixin.qq.com …2222", encrypted_url=""
    )
    built.objects["college_robot"] = GroupWebhook.objects.create(
        college=built.objects["college"], platform="wecom", hint="qyapi.weixin.qq.com …3333", encrypted_url=""
    )
    summary = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=staff, state="done")
    summary.file.save("summary.xlsx", ContentFile(b"PK\x03\x04 b"), save=True)
    archive = YearArchive.objects.create(year=2022, requested_by=staff, state="done")
    archive.file.save("archive.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    built.objects.update(summary=summary, archive=archive)
