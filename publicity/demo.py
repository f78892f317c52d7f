"""Demo publicity: a correspondent for 机械技术学院 (`corr1`), news items in every state from approved demo reports
(with consented and unconsented photos), public notices, lecturer group talks and award nominations.

Everything goes through the services the pages use; every name is invented (marked 演示). Idempotent: a second
run finds what the first made and adds nothing. Never loaded by a migration.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from activities.models import ActivityReport, EvidenceKind
from colleges.demo import demo_user, school_secretaries, school_staff
from colleges.models import College, Membership, Role

from . import services
from .demo_second_school import ACCOUNTS as SECOND_SCHOOL_ACCOUNTS
from .models import NewsItem, NewsStatus, Nomination, PublicNotice, Talk

CORRESPONDENT = ("corr1", "机械技术学院宣传通讯员（演示）", "jx")
# username, display name (core.portal lists them at the end of load_demo): the correspondent, then the accounts of
# the second demo school (publicity.demo_second_school, this app's too).
ACCOUNTS = [CORRESPONDENT[:2], *(account[:2] for account in SECOND_SCHOOL_ACCOUNTS)]
# The news items the correspondent writes, and where each ends up.
FATES = [NewsStatus.PUBLISHED, NewsStatus.PUBLISHED, NewsStatus.SUBMITTED, NewsStatus.RETURNED, NewsStatus.DRAFT]
NOTICES = [
    (
        "关于开展2022年“读懂中国”活动的通知（演示）",
        "各二级学院关工委：请组织学生参加教育部关工委“读懂中国”活动，访谈老同志，撰写征文与微视频脚本。",
        True,
    ),
    (
        "校关工委讲师团2022年宣讲安排（演示）",
        "讲师团老同志将于上半年走进各二级学院开展党史学习教育宣讲，欢迎师生参加。",
        True,
    ),
    ("年终评优推荐工作预告（演示，未发布）", "评优推荐工作将于年底开展，具体安排另行通知。", False),
]
TALKS = [
    ("百年党史中的青春力量", "王老师（演示）", datetime.date(2022, 4, 12), "机械技术学院报告厅", "2021级学生", True),
    ("工匠精神与技能报国", "陈老师（演示）", datetime.date(2022, 5, 20), "控制技术学院报告厅", "学生党员", True),
    ("老一辈的奋斗故事", "刘老师（演示）", datetime.date(2022, 9, 28), "图书馆报告厅", "新生", False),
]


def load_demo_publicity() -> int:
    """Create the demo correspondent and publicity rows that are missing; the number of rows created."""
    staff = school_staff()
    college = College.objects.filter(code=CORRESPONDENT[2]).first()
    if staff is None or college is None:
        return 0
    created = 0
    with transaction.atomic():
        correspondent, was_created = demo_user(*CORRESPONDENT[:2])
        created += was_created
        Membership.objects.get_or_create(user=correspondent, defaults={"role": Role.CORRESPONDENT, "college": college})
    if not NewsItem.objects.exists():
        created += _news(college, correspondent, staff)
    if not PublicNotice.objects.exists():
        for title, text, published in NOTICES:
            notice = services.save_notice(PublicNotice(title=title, text=text), staff)
            if published:
                services.set_notice_published(notice, staff, True, notice.version)
            created += 1
    if not Talk.objects.exists():
        colleges = list(College.objects.active()[:2])
        for n, (title, speaker, given_on, place, audience, published) in enumerate(TALKS):
            talk = Talk(
                title=title,
                speaker=speaker,
                given_on=given_on,
                place=place,
                audience=audience,
                summary=f"讲师团老同志以“{title}”为题开展宣讲（演示）。",
                published=published,
                college=colleges[n % len(colleges)] if colleges else None,
            )
            services.save_talk(talk, staff)
            created += 1
    if not Nomination.objects.exists():
        created += _nominations(staff)
    return created


def _news(college, correspondent, staff) -> int:
    reports = list(
        ActivityReport.objects.approved().filter(college=college).prefetch_related("evidence").order_by("starts_on")
    )
    created = 0
    for fate, report in zip(FATES, reports, strict=False):
        photos = [e for e in report.evidence.all() if e.kind == EvidenceKind.PHOTO]
        # The first photo's people consented; a second photo, where there is one, has no consent and stays private.
        news = services.create_news(
            report,
            correspondent,
            report.title,
            f"{report.summary}\n\n{report.outcome}\n\n（演示新闻，由学院宣传通讯员根据已审核的活动报告撰写。）",
            photos,
            photos[:1],
        )
        created += 1
        if fate == NewsStatus.DRAFT:
            continue
        news = services.transition_news(news, correspondent, "submit", "", news.version)
        if fate == NewsStatus.PUBLISHED:
            services.transition_news(news, staff, "publish", "", news.version)
        elif fate == NewsStatus.RETURNED:
            services.transition_news(news, staff, "return", "请补充活动的意义和学生的收获。", news.version)
    return created


def _nominations(staff) -> int:
    created = 0
    secretaries = school_secretaries()
    for n, college in enumerate(College.objects.active()[:4]):
        proposer = secretaries.get(college.pk, staff)
        collective = services.propose(
            Nomination(
                year=2022,
                kind="collective",
                college=college,
                reasons=f"{college.short_name}关工委工作扎实，“一院一品”项目成效显著（演示）。",
            ),
            proposer,
        )
        person = services.propose(
            Nomination(
                year=2022,
                kind="individual",
                college=college,
                nominee=f"示例老师{n + 1}（演示）",
                reasons="长期参与宣讲和关爱帮扶，深受学生欢迎（演示）。",
            ),
            proposer,
        )
        created += 2
        if n < 2:
            services.decide(collective, staff, "approved", "校关工委会议通过（演示）", collective.version)
            services.decide(person, staff, "approved", "校关工委会议通过（演示）", person.version)
        elif n == 2:
            services.decide(person, staff, "declined", "材料不足（演示）", person.version)
    return created
