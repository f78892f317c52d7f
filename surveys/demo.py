"""The surveys' demo (issue 28): the committee's closed survey of students' values and interests, asked of every
college and three year groups, with about 300 generated answers — spread so that some college × group cuts fall
under SMALL_GROUP and show the suppression — and its report drafted and saved; and one college's open survey with
a few answers. Deterministic (random.Random with a fixed seed); rows made with bulk_create, a query per table."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from colleges.demo import school_staff
from colleges.models import College

from . import report
from .models import Answer, Question, Response, Section, Survey

SEED = 2022
TITLE = "2022年青年学生价值取向与兴趣爱好调研"
GROUPS = ["2020级", "2021级", "2022级"]
ANSWERS = 300

# (section, [(kind, text, choices or (scale_max, low, high) or "", required)])
SECTIONS = [
    (
        "基本情况",
        [
            ("single", "你目前的政治面貌", ["中共党员（含预备党员）", "共青团员", "群众"], True),
            (
                "single",
                "你平时获取时事信息的主要渠道",
                ["微信公众号", "短视频平台", "新闻客户端", "课堂与讲座", "其他"],
                True,
            ),
        ],
    ),
    (
        "价值取向",
        [
            ("scale", "你对“努力奋斗就能实现人生价值”这一说法的认同程度", (5, "非常不认同", "非常认同"), True),
            (
                "single",
                "你认为大学阶段最重要的是",
                ["学好专业知识", "提升综合能力", "树立远大理想", "结交良师益友"],
                True,
            ),
            (
                "multiple",
                "你心目中的榜样来自哪些方面（可多选）",
                ["革命先辈", "科学家", "身边的老师", "优秀同学", "体育健儿", "网络博主"],
                True,
            ),
            ("scale", "你参加志愿服务的意愿", (5, "很低", "很高"), True),
        ],
    ),
    (
        "兴趣爱好",
        [
            (
                "multiple",
                "你课余最常参加的活动（可多选）",
                ["体育运动", "阅读", "音乐与艺术", "志愿服务", "社团活动", "网络游戏", "短视频"],
                True,
            ),
            ("single", "你每周用于课外兴趣的时间", ["少于2小时", "2至5小时", "5至10小时", "10小时以上"], True),
            ("scale", "你对学校课外活动的满意度", (5, "很不满意", "很满意"), True),
            ("short", "你最希望学校开设的兴趣活动是什么？", "", False),
        ],
    ),
    (
        "意见建议",
        [("long", "你对关工委和学院开展青年学生工作有什么意见和建议？", "", False)],
    ),
]

SHORT_ANSWERS = [
    "书法课",
    "摄影社团",
    "户外徒步",
    "非遗手工",
    "辩论赛",
    "合唱团",
    "编程兴趣小组",
    "茶艺体验",
    "太极拳",
    "读书分享会",
]
LONG_ANSWERS = [
    "希望老同志多来宿舍和我们聊聊，讲讲他们年轻时候的经历。",
    "讲座的时间能不能安排在晚上，白天课太多了。",
    "建议多组织到企业和乡村的社会实践，了解真实的社会。",
    "希望有更多一对一的学业和职业规划指导。",
    "红色故事会很好听，希望每学期都办。",
    "活动通知可以提前一周发，方便我们安排时间。",
    "希望心理健康方面的活动多一些，压力大的时候不知道找谁。",
    "可以请优秀校友回来分享求职经验。",
]

# How many answers each college gives, relative to the others: the last colleges give few, so that some of their
# year groups fall under the threshold.
COLLEGE_WEIGHTS = [14, 12, 10, 9, 8, 6, 4, 2, 1]
GROUP_WEIGHTS = [3, 4, 5]
START, DAYS = datetime.date(2022, 4, 11), 20


def _make(survey: Survey) -> list[Question]:
    sections = Section.objects.bulk_create(
        [Section(survey=survey, order=order, title=title) for order, (title, _qs) in enumerate(SECTIONS, start=1)]
    )
    questions = []
    order = 0
    for section, (_title, items) in zip(sections, SECTIONS, strict=True):
        for kind, text, extra, required in items:
            order += 1
            question = Question(survey=survey, section=section, order=order, kind=kind, text=text, required=required)
            if kind in Question.CHOICE_KINDS:
                question.choices = "\n".join(extra)
            elif kind == Question.Kind.SCALE:
                question.scale_max, question.scale_low, question.scale_high = extra
            questions.append(question)
    return Question.objects.bulk_create(questions)


def _answer(rng: random.Random, question: Question) -> Answer | None:
    if question.kind == Question.Kind.SINGLE:
        count = len(question.choice_list())
        # The first choices are chosen more often: a result with a clear leader, as real surveys have.
        return Answer(question=question, chosen=[rng.choices(range(count), weights=range(count + 2, 2, -1))[0]])
    if question.kind == Question.Kind.MULTIPLE:
        count = len(question.choice_list())
        return Answer(question=question, chosen=sorted(rng.sample(range(count), rng.randint(1, min(3, count)))))
    if question.kind == Question.Kind.SCALE:
        return Answer(question=question, point=rng.choices(range(1, 6), weights=[1, 2, 5, 9, 6])[0])
    if question.kind == Question.Kind.SHORT:
        return Answer(question=question, text=rng.choice(SHORT_ANSWERS)) if rng.random() < 0.5 else None
    return Answer(question=question, text=rng.choice(LONG_ANSWERS)) if rng.random() < 0.3 else None


def _respond(survey: Survey, questions, colleges, n: int, rng: random.Random, groups=GROUPS, start=START, days=DAYS):
    weights = [COLLEGE_WEIGHTS[i % len(COLLEGE_WEIGHTS)] for i in range(len(colleges))]
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                college=rng.choices(colleges, weights=weights)[0],
                group=rng.choices(groups, weights=GROUP_WEIGHTS[: len(groups)])[0],
                answered_on=start + datetime.timedelta(days=rng.randrange(days)),
            )
            for _ in range(n)
        ]
    )
    answers = []
    for response in responses:
        for question in questions:
            answer = _answer(rng, question)
            if answer is not None:
                answer.response = response
                answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=1000)
    return responses


def load_demo_surveys(year: int = 2022) -> int:
    """Create the demo surveys once; returns how many were created (0 when they exist already)."""
    if Survey.objects.filter(title=TITLE).exists():
        return 0
    colleges = list(College.objects.active().order_by("order", "code"))
    if not colleges:
        return 0
    rng = random.Random(SEED)  # noqa: S311 -- a fixed seed makes the demo repeatable, no secret
    staff = school_staff()
    survey = Survey.objects.create(
        year=year,
        title=TITLE,
        intro="为了解青年学生的价值取向和兴趣爱好，做到心中有数、有底、有谱，校关工委开展本次匿名调研。感谢你的参与！",
        groups="\n".join(GROUPS),
        opens_on=START,
        closes_on=START + datetime.timedelta(days=DAYS - 1),
        status=Survey.Status.CLOSED,
        created_by=staff,
    )
    survey.colleges.set(colleges)
    _respond(survey, _make(survey), colleges, ANSWERS, rng)
    saved = timezone.make_aware(datetime.datetime(year, 5, 12, 16, 30))
    Survey.objects.filter(pk=survey.pk).update(report=report.draft(survey, quotes=True), report_saved_at=saved)

    own = colleges[0]
    college_survey = Survey.objects.create(
        year=year,
        college=own,
        title=f"{own.name}2022级新生适应情况小调研",
        intro="了解新生入学以来的学习和生活适应情况，匿名填写。",
        groups="2022级",
        opens_on=datetime.date(year, 11, 1),
        closes_on=datetime.date(year, 12, 31),
        status=Survey.Status.OPEN,
        created_by=school_staff(),
    )
    college_survey.colleges.set([own])
    section = Section.objects.create(survey=college_survey, order=1, title="适应情况")
    questions = Question.objects.bulk_create(
        [
            Question(
                survey=college_survey,
                section=section,
                order=1,
                kind="scale",
                text="你对大学生活的适应程度",
                scale_low="很不适应",
                scale_high="很适应",
            ),
            Question(
                survey=college_survey,
                section=section,
                order=2,
                kind="single",
                text="你目前最大的困扰",
                choices="学业压力\n人际关系\n经济压力\n生活习惯\n暂无",
            ),
            Question(
                survey=college_survey,
                section=section,
                order=3,
                kind="short",
                text="你希望得到哪方面的帮助？",
                required=False,
            ),
        ]
    )
    _respond(college_survey, questions, [own], 3, rng, groups=["2022级"], start=datetime.date(year, 11, 2), days=20)
    return 2
