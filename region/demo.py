"""Demo data of the region: ten member schools (the invented ones marked as demo), the 2021 region with a
finished review round and the 2022 region with an open one, an application in every state, meetings and posts.
Idempotent; everything is written through the services, as people would."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from colleges.demo import demo_user, school_staff
from colleges.models import Membership, Role
from institutions.models import Institution, home

from . import services
from .models import Action, Affiliation, Application, Assignment, Meeting, MeetingKind, Region

# The lead of 第十片 is the home school (institutions.models.home).
# Invented member schools, marked as demo.
SCHOOLS = [
    ("d-jn", "江南示范职业技术学院（演示）", "江南示范"),
    ("d-th", "太湖理工学院（演示）", "太湖理工"),
    ("d-xs", "锡山科技职业学院（演示）", "锡山科技"),
    ("d-hs", "惠山工商学院（演示）", "惠山工商"),
    ("d-ly", "梁溪医药高等专科学校（演示）", "梁溪医药"),
    ("d-bh", "滨湖交通职业学院（演示）", "滨湖交通"),
    ("d-yz", "宜兴陶瓷职业学院（演示）", "宜兴陶瓷"),
    ("d-jy", "江阴船舶职业学院（演示）", "江阴船舶"),
    ("d-xw", "新吴信息职业学院（演示）", "新吴信息"),
]
# username, display name, role, school code — listed in README's demo accounts.
ACCOUNTS = [
    ("region_contact", "太湖理工学院片区联络员（演示）", Role.REGION_CONTACT, "d-th"),
    ("reviewer1", "惠山工商学院评议专家（演示）", Role.REGION_REVIEWER, "d-hs"),
    ("reviewer2", "梁溪医药高专评议专家（演示）", Role.REGION_REVIEWER, "d-ly"),
    ("reviewer3", "新吴信息学院评议专家（演示）", Role.REGION_REVIEWER, "d-xw"),
    ("province", "省教育系统关工委（演示）", Role.PROVINCE, None),
]
REPORT = (
    "（演示）我校党委高度重视关心下一代工作，将关工委工作纳入学校整体工作布局，校关工委主任由校党委副书记担任。"
    "全校各二级学院均建立了关工委，组织健全、人员落实、场所固定、经费保障。\n"
    "一年来，我校关工委围绕立德树人根本任务，组织“五老”开展党史学习教育进社团、进宿舍、进讲堂，"
    "举办“读懂中国”主题活动，培育关心下一代品牌项目，开展帮困助学、就业指导和心理关爱等成长服务。"
)


def _user(username, name, role, school):
    user, _created = demo_user(username, name)
    Membership.objects.get_or_create(user=user, defaults={"role": role})
    if school is not None:
        Affiliation.objects.get_or_create(user=user, defaults={"institution": school})
    return user


def _contact(school: Institution):
    """The region contact of a school: the listed demo account for one, an account without a password for the rest."""
    existing = get_user_model().objects.filter(membership__role=Role.REGION_CONTACT, affiliation__institution=school)
    if existing.exists():
        return existing.first()
    User = get_user_model()
    user = User.objects.create(username=f"contact-{school.code}", first_name=f"{school.short_name}联络员（演示）")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, role=Role.REGION_CONTACT)
    Affiliation.objects.create(user=user, institution=school)
    return user


def _fill(application: Application, contact, rng: random.Random, strong: bool) -> Application:
    scores = {}
    for row in application.scores.select_related("indicator"):
        spec = row.indicator
        if spec.mode == "yes_no" or (spec.is_key and strong):
            scores[spec.code] = str(spec.max_points)
        elif spec.mode == "graded":
            scores[spec.code] = str((spec.max_points * Decimal("0.6")).quantize(Decimal("0.01")))
        else:
            low = spec.max_points * Decimal("0.75" if strong else "0.6")
            scores[spec.code] = str(
                (low + (spec.max_points - low) * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.5"))
            )
    return services.save_application(
        application,
        contact,
        application.version,
        report=REPORT,
        party_agreed_on=datetime.date(application.region.year, 10, 20),
        scores=scores,
        notes={},
    )


def _review_all(assignment: Assignment, rng: random.Random) -> None:
    application = assignment.application
    scores, comments = {}, {}
    for row in application.scores.select_related("indicator"):
        value = row.self_score or Decimal(0)
        if row.indicator.mode == "points":
            value = max(Decimal(0), min(row.indicator.max_points, value - Decimal(rng.choice([0, 0, 0.5, 1, 3]))))
        scores[row.indicator.code] = str(value)
        comments[row.indicator.code] = "（演示）材料齐全，与自评基本一致。"
    services.save_review(assignment, assignment.reviewer, assignment.version, scores, comments, submit=True)


def _result(application: Application, lead, published: bool) -> None:
    scores = {row.indicator.code: str(row.self_score) for row in application.scores.select_related("indicator")}
    application = services.record_result(
        application,
        lead,
        application.version,
        scores,
        "（演示）经片区集体评议，该校关工委组织健全、工作扎实，建议继续加强品牌项目建设。",
    )
    if published:
        services.transition(application, lead, Action.PUBLISH, "", application.version)


def _region(year: int, lead_school: Institution, members: list[Institution], lead) -> Region:
    region = Region.objects.create(code="d10", name="第十片", year=year, lead=lead_school)
    region.members.set(members)
    services.load_scheme(region)
    services.open_applications(region, lead)
    return region


@transaction.atomic
def load_demo_region() -> int:
    """Returns the applications created (0 when the demo region is already there)."""
    lead = school_staff()  # the lead school's (the home school's demo runs in its scope)
    if lead is None or Region.objects.filter(code="d10").exists():
        return 0
    lead_school = home()
    if not lead_school.contact_name:
        lead_school.contact_name = "校关工委办公室"
        lead_school.save(update_fields=["contact_name"])
    schools = [lead_school]
    for code, name, short in SCHOOLS:
        school, _ = Institution.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short, "contact_name": "（演示）联络员", "is_demo": True}
        )
        schools.append(school)
    by_code = {s.code: s for s in schools}
    people = {username: _user(username, name, role, by_code.get(code)) for username, name, role, code in ACCOUNTS}
    reviewers = [people["reviewer1"], people["reviewer2"], people["reviewer3"]]
    contacts = {s.pk: _contact(s) for s in schools}
    rng = random.Random(2022)  # noqa: S311 -- demo scores, not secrets

    # 2021: a finished round, every result published.
    last = _region(2021, lead_school, schools, lead)
    for application in Application.objects.filter(region=last).select_related("region"):
        application = _fill(application, contacts[application.institution_id], rng, strong=rng.random() > 0.3)
        services.transition(application, contacts[application.institution_id], Action.SUBMIT, "", application.version)
    round_ = services.open_round(last, lead, deadline=datetime.date(2021, 12, 10), panel=reviewers)
    for assignment in Assignment.objects.filter(round=round_).select_related("application", "reviewer"):
        _review_all(assignment, rng)
    for application in Application.objects.filter(region=last).select_related("region"):
        _result(application, lead, published=True)
    services.close_round(round_, lead, round_.version)

    # 2022: an open round and an application in every state.
    current = _region(2022, lead_school, schools, lead)
    current.application_deadline = timezone.localdate() + datetime.timedelta(days=10)
    current.save(update_fields=["application_deadline"])
    apps = {
        a.institution.code: a
        for a in Application.objects.filter(region=current).select_related("institution", "region")
    }
    # wxit: draft (half-filled); d-jn: submitted after the round opened; d-th: returned for completion.
    _fill(apps[lead_school.code], contacts[lead_school.pk], rng, strong=True)
    for code in ["d-th", "d-xs", "d-hs", "d-ly", "d-bh", "d-yz", "d-jy", "d-xw"]:
        application = _fill(apps[code], contacts[by_code[code].pk], rng, strong=code != "d-yz")
        services.transition(application, contacts[by_code[code].pk], Action.SUBMIT, "", application.version)
    returned = Application.objects.get(pk=apps["d-th"].pk)
    services.transition(
        returned, lead, Action.RETURN, "（演示）请补充党委会议纪要扫描件和品牌项目成果材料。", returned.version
    )
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    round_ = services.open_round(current, lead, deadline=deadline, panel=reviewers)
    late = _fill(Application.objects.get(pk=apps["d-jn"].pk), contacts[by_code["d-jn"].pk], rng, strong=True)
    services.transition(late, contacts[by_code["d-jn"].pk], Action.SUBMIT, "", late.version)
    # Reviews done for four schools; two of them have a collective result, one of which is published.
    for assignment in Assignment.objects.filter(
        round=round_, application__institution__code__in=["d-xs", "d-bh", "d-yz", "d-jy"]
    ).select_related("application", "reviewer"):
        _review_all(assignment, rng)
    _result(Application.objects.get(pk=apps["d-bh"].pk), lead, published=False)
    _result(Application.objects.get(pk=apps["d-yz"].pk), lead, published=True)
    # On-site visits: d-bh's visited and its findings recorded; d-xs's planned for next week.
    for code, day, findings in [
        (
            "d-bh",
            timezone.localdate() - datetime.timedelta(days=3),
            "（演示）查阅了二级关工委台账，“五老”工作室运转良好。",
        ),
        ("d-xs", timezone.localdate() + datetime.timedelta(days=7), ""),
    ]:
        application = Application.objects.get(pk=apps[code].pk)
        visitors = list(services.visitor_choices(round_, application)[:2])
        visit = services.plan_visit(application, lead, day, visitors, "（演示）听取汇报、查阅材料、走访二级学院关工委")
        if findings:
            services.record_findings(visit, lead, visit.version, findings)

    for region, when in ((last, datetime.datetime(2021, 4, 15, 9)), (current, datetime.datetime(2022, 4, 20, 9))):
        meeting = Meeting(
            region=region,
            kind=MeetingKind.MEETING,
            title=f"{region.year}年第十片工作会议（演示）",
            starts_at=timezone.make_aware(when),
            place="无锡职业技术学院",
            host=lead_school,
            agenda="1. 通报片区工作\n2. 部署优质化建设均衡发展申报与集体评议\n3. 交流经验",
            minutes="（演示）各成员高校汇报了本年度关工委工作。",
            decisions="（演示）评议材料于截止日前提交。",
        )
        services.save_meeting(meeting, lead)
        services.save_attendance(
            meeting, lead, meeting.version, {s.pk: (True, "关工委常务副主任") for s in schools[:8]}
        )
    services.save_meeting(
        Meeting(
            region=current,
            kind=MeetingKind.ACTIVITY,
            title="“五老”宣讲经验交流活动（演示）",
            starts_at=timezone.now() + datetime.timedelta(days=20),
            place="太湖理工学院",
            host=by_code["d-th"],
            agenda="成员高校“五老”宣讲团经验交流",
        ),
        lead,
    )
    services.create_post(
        current, contacts[by_code["d-hs"].pk], "（演示）惠山工商学院“五老”进宿舍活动", REPORT[:120], []
    )
    post = services.create_post(
        current, lead, "（演示）关于提交2022年均衡发展申报材料的通知", "请各成员高校按时提交申报材料。", []
    )
    services.moderate(post, lead, post.version, pinned=True)
    services.add_comment(post, people["region_contact"], "（演示）收到，按时提交。")
    return Application.objects.filter(region__in=[last, current]).count()
