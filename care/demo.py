"""Demo data for the care board: offers of the colleges' elders and two comrades from outside, needs with pairs
in every state, sessions, 阳光屋 material help and the mentoring programmes of 2022. Every code and name is
invented and marked as demo. Written through the services, as the pages would; never loaded by a migration."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from colleges.demo import demo_user
from colleges.models import College, Membership, Role

from . import services, workflow
from .access import committee_staff
from .models import (
    CareSession,
    MaterialHelp,
    MentorMeeting,
    Mentorship,
    Need,
    NeedCategory,
    Offer,
    Outcome,
    Pair,
    PairStatus,
    Programme,
    ProgrammeKind,
    Scope,
)

# username, display name, role, college code
DEMO_ACCOUNTS = [
    ("counsellor1", "机械技术学院辅导员（演示）", Role.COUNSELLOR, "jx"),
    ("elder1", "退休教师（演示）", Role.ELDER, None),
]
DEMO_MARK = "（演示）"

# The story of each demo need of a college: category code, scope, what becomes of it.
NEEDS = [
    ("motivation", Scope.PERSON, "closed", "大二学生学习动力不足，希望有老教师定期交流学习方法。"),
    ("counselling", Scope.PERSON, "active", "新生适应困难，情绪低落，希望有长辈谈心。"),
    ("career", Scope.GROUP, "active", "毕业班学生希望了解行业发展与求职经验。"),
    ("ideals", Scope.GROUP, "proposed", "学生党支部希望开展党史学习交流。"),
    ("hardship", Scope.PERSON, "cancelled", "家庭经济困难学生需要冬季衣物与生活帮扶。"),
    ("confidence", Scope.PERSON, "open", "学生参加技能竞赛前缺乏自信，希望得到鼓励与指导。"),
]


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _ensure_accounts() -> None:
    for username, display_name, role, college_code in DEMO_ACCOUNTS:
        user, _created = demo_user(username, display_name)
        college = College.objects.filter(code=college_code).first() if college_code else None
        if college_code and college is None:
            continue
        Membership.objects.get_or_create(user=user, defaults={"role": role, "college": college})


def _offers(staff) -> list[Offer]:
    categories = list(NeedCategory.objects.filter(active=True))
    offers = []
    for index, college in enumerate(College.objects.active().prefetch_related("members")):
        for n, member in enumerate(m for m in college.members.all() if m.active and m.elder_kind):
            offer = Offer.objects.filter(member=member).first()
            if offer is None:
                offer = services.save_offer(
                    Offer(member=member, campus=college.campus, availability="每周二、四下午", capacity=2 + n % 2),
                    staff,
                    [categories[(index + n + k) % len(categories)] for k in range(4)],
                )
            offers.append(offer)
    for name, unit in [("周建国（演示）", "市退役军人事务局（退休）"), ("吴秀兰（演示）", "市第一中学（退休）")]:
        offer = Offer.objects.filter(outside_name=name).first()
        if offer is None:
            offer = services.save_offer(
                Offer(outside_name=name, outside_affiliation=unit, availability="每月两次", capacity=3),
                staff,
                categories,
            )
        offers.append(offer)
    return offers


@transaction.atomic
def load_demo_care(year: int = 2022) -> int:
    """Create the demo care records once; returns how many needs were created (0 when they exist already)."""
    services.ensure_default_categories()
    _ensure_accounts()
    staff = committee_staff().order_by("pk").first()
    if staff is None or Need.objects.filter(description__endswith=DEMO_MARK).exists():
        return 0
    offers = _offers(staff)
    categories = {c.code: c for c in NeedCategory.objects.all()}
    created = 0
    for index, college in enumerate(College.objects.active()):
        college_offers = [o for o in offers if o.college_id == college.pk] + [o for o in offers if o.is_outside]
        for n, (code, scope, fate, text) in enumerate(NEEDS):
            posted = _at(year, 3 + (n + index) % 6, 2 + (n * 5 + index) % 25)
            need = services.post_need(
                Need(
                    college=college,
                    category=categories[code],
                    scope=scope,
                    person_code=f"{college.code.upper()}-{year}-{n + 1:02d}" if scope == Scope.PERSON else "",
                    group_size=12 + n if scope == Scope.GROUP else 1,
                    description=text + DEMO_MARK,
                    campus=college.campus,
                    preferred_times="周三下午",
                    notes="演示用的保密备注：仅校关工委与本学院可读。" if categories[code].sensitive else "",
                ),
                staff,
            )
            Need.objects.filter(pk=need.pk).update(created_at=posted, year=year)
            created += 1
            if fate == "open" or not college_offers:
                continue
            offer = college_offers[(n + index) % len(college_offers)]
            pair = services.propose(need, offer, staff, Need.objects.get(pk=need.pk).version)
            if fate == "proposed":
                continue
            if fate == "cancelled":
                services.transition_pair(pair, staff, workflow.CANCEL, pair.version)
                continue
            pair = services.transition_pair(pair, staff, workflow.CONFIRM, pair.version)
            matched = posted + datetime.timedelta(days=3 + n * 2)
            Pair.objects.filter(pk=pair.pk).update(
                proposed_at=posted + datetime.timedelta(days=1), confirmed_at=matched
            )
            Need.objects.filter(pk=need.pk).update(matched_at=matched)
            for k in range(2 + n % 3):
                services.log_session(
                    CareSession(
                        pair=Pair.objects.get(pk=pair.pk),
                        held_on=(matched + datetime.timedelta(days=7 * (k + 1))).date(),
                        minutes=45 + 15 * k,
                        kind=["talk", "help", "study"][k % 3],
                        note="交流顺利，学生状态有所改善。",
                        follow_up="下次交流学习计划" if k == 0 else "",
                    ),
                    staff,
                )
            if fate == "closed":
                pair = Pair.objects.get(pk=pair.pk)
                services.transition_pair(
                    pair, staff, workflow.CLOSE, pair.version, outcome=Outcome.RESOLVED, feedback="学生表示很有收获。"
                )
                closed = matched + datetime.timedelta(days=60)
                Pair.objects.filter(pk=pair.pk).update(closed_at=closed)
                Need.objects.filter(pk=need.pk).update(closed_at=closed)
        for month, what, people, value in [(4, "冬季衣物与床上用品", 18, "3600"), (9, "学习用品礼包", 40, "2400")]:
            MaterialHelp.objects.create(
                college=college,
                given_on=datetime.date(year, month, 10 + index % 10),
                what=what + DEMO_MARK,
                people=people + index,
                value=Decimal(value),
                created_by=staff,
            )
    _programmes(year, staff, offers)
    _elder_logs(year)
    return created


def _elder_logs(year: int) -> None:
    """elder1 is the elder of a college member's offer with an active pair (so has a talk to log), and has logged two
    talks of their own: one waits for the college (counsellor1 and the secretary confirm it on 待确认), the other the
    college returned with a reason (shown on the elder's page)."""
    elder = get_user_model().objects.filter(username="elder1").first()
    if elder is None or Offer.objects.filter(user=elder).exists():
        return
    pair = (
        Pair.objects.filter(status=PairStatus.ACTIVE, offer__member__isnull=False, offer__user=None)
        .select_related("offer")
        .order_by("offer__college__order", "offer_id")
        .first()
    )
    if pair is None:
        return
    offer = pair.offer
    Offer.objects.filter(pk=offer.pk).update(user=elder)
    offer.user = elder
    for day, note in [(8, "谈近期学习安排。"), (15, "")]:
        session = services.log_own_session(
            CareSession(pair=pair, held_on=datetime.date(year, 11, day), minutes=40, kind="talk", note=note),
            offer.user,
        )
    reviewer = committee_staff().order_by("pk").first()
    services.review_log(session, reviewer, workflow.RETURN_LOG, session.version, "请补充这次谈心的主要内容。")


def _programmes(year: int, staff, offers: list[Offer]) -> None:
    if not offers:
        return
    school = Programme.objects.create(
        kind=ProgrammeKind.QINGLAN,
        year=year,
        title=f"{year}年青蓝工程：老教授结对青年教师{DEMO_MARK}",
        summary="老教授在教学设计、课程思政与科研选题上结对指导青年教师。",
    )
    qingma = Programme.objects.create(
        kind=ProgrammeKind.QINGMA,
        year=year,
        college=offers[0].college,
        title=f"{year}年青马工程学员导师{DEMO_MARK}",
        summary="五老担任青马班学员导师，开展理想信念教育。",
    )
    plans = [
        (school, offers[0], "王老师、李老师", 2, "完成一门课程的教学设计改进；申报一项校级教改课题。", "excellent"),
        (school, offers[-1], "赵老师", 1, "提升课堂组织能力，参加一次校级教学竞赛。", ""),
        (qingma, offers[min(1, len(offers) - 1)], "2021级青马班第一小组", 12, "每月一次理论学习与社会实践交流。", ""),
    ]
    for programme, offer, mentees, count, goals, grade in plans:
        mentorship = Mentorship.objects.create(
            programme=programme, offer=offer, mentees=mentees, mentee_count=count, goals=goals, created_by=staff
        )
        for k in range(3):
            MentorMeeting.objects.create(
                mentorship=mentorship,
                held_on=datetime.date(year, 4 + k * 2, 15),
                minutes=90,
                topic=["制定结对计划", "听课与评课", "阶段交流与总结"][k],
                created_by=staff,
            )
        if grade:
            services.evaluate(mentorship, staff, grade, "目标全部完成，青年教师进步明显。", mentorship.version)
