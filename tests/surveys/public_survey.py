"""A survey open today with one question of each kind, for the answering tests and the permission matrix."""

from __future__ import annotations

import datetime

from django.utils import timezone

from surveys import codes
from surveys.models import Invitation, Question, Section, Survey


def open_survey(college, *, named=False, uses_tokens=False, status=Survey.Status.OPEN, **fields) -> Survey:
    today = timezone.localdate()
    survey = Survey.objects.create(
        year=today.year,
        title="大学生价值取向与兴趣爱好调研",
        intro="本问卷约需5分钟。",
        named=named,
        uses_tokens=uses_tokens,
        groups="2022级\n2023级",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
        status=status,
        **fields,
    )
    survey.colleges.set([college])
    part = Section.objects.create(survey=survey, order=1, title="兴趣与志向", note="请按实际情况作答。")
    kinds = [
        (Question.Kind.SINGLE, "你最常参加的课外活动是？", {"choices": "志愿服务\n体育运动\n学术竞赛"}),
        (Question.Kind.MULTIPLE, "你关心哪些话题？", {"choices": "就业\n心理健康\n国家大事\n家庭"}),
        (
            Question.Kind.SCALE,
            "你对校园生活的满意度",
            {"scale_max": 5, "scale_low": "很不满意", "scale_high": "很满意"},
        ),
        (Question.Kind.SHORT, "用一个词形容你的大学生活", {}),
        (Question.Kind.LONG, "你希望关工委为你做些什么？", {"required": False}),
    ]
    for order, (kind, text, extra) in enumerate(kinds):
        Question.objects.create(
            survey=survey, section=part if order >= 3 else None, order=order, kind=kind, text=text, **extra
        )
    return survey


def questions(survey) -> dict[str, Question]:
    return {question.kind: question for question in survey.questions.all()}


def good_answers(survey) -> dict[int, object]:
    """The service's form of a complete answer."""
    q = questions(survey)
    return {
        q["single"].pk: 1,
        q["multiple"].pk: [0, 2],
        q["scale"].pk: 4,
        q["short"].pk: "充实",
        q["long"].pk: "希望多办讲座。",
    }


def good_post(survey, college, **extra) -> dict[str, object]:
    """The page's form of a complete answer."""
    q = questions(survey)
    return {
        "college": str(college.pk),
        "group": "2022级",
        f"q{q['single'].pk}": "1",
        f"q{q['multiple'].pk}": ["0", "2"],
        f"q{q['scale'].pk}": "4",
        f"q{q['short'].pk}": "充实",
        f"q{q['long'].pk}": "希望多办讲座。",
        **extra,
    }


def invite(survey, count=3) -> list[str]:
    found = [codes.new_code() for _ in range(count)]
    Invitation.objects.bulk_create([Invitation(survey=survey, code_hash=codes.code_hash(code)) for code in found])
    return found
