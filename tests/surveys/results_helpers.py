"""A survey with answers, made directly in the database for the results' tests and the permission matrix (the
public answer page's services are another helper's, and results must not depend on them)."""

from __future__ import annotations

import datetime

from surveys.models import Answer, Question, Response, Section, Survey

DAY = datetime.date(2022, 5, 10)


def a_survey(college=None, *, colleges=(), title="2022年兴趣爱好调研", status=Survey.Status.CLOSED, **fields):
    survey = Survey.objects.create(
        year=2022,
        college=college,
        title=title,
        groups="2021级\n2022级",
        status=status,
        opens_on=datetime.date(2022, 5, 1),
        closes_on=datetime.date(2022, 5, 31),
        **fields,
    )
    survey.colleges.set(colleges or ([college] if college else []))
    section = Section.objects.create(survey=survey, order=1, title="兴趣爱好")
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                section=section,
                order=1,
                kind="single",
                text="最常参加的活动",
                choices="运动\n阅读\n志愿服务",
            ),
            Question(
                survey=survey,
                section=section,
                order=2,
                kind="multiple",
                text="感兴趣的话题",
                choices="历史\n科技\n艺术",
            ),
            Question(survey=survey, section=section, order=3, kind="scale", text="对校园生活的满意度", scale_max=5),
            Question(survey=survey, section=section, order=4, kind="long", text="意见和建议", required=False),
        ]
    )
    return survey


def answer(survey, college, group, n, *, single=0, multiple=(0, 1), point=4, text="希望多组织户外活动"):
    """`n` responses of `college` and `group`, each with the same answers."""
    questions = {q.kind: q for q in Question.objects.filter(survey=survey)}
    responses = Response.objects.bulk_create(
        [Response(survey=survey, college=college, group=group, answered_on=DAY) for _ in range(n)]
    )
    answers = []
    for response in responses:
        answers += [
            Answer(response=response, question=questions["single"], chosen=[single]),
            Answer(response=response, question=questions["multiple"], chosen=list(multiple)),
            Answer(response=response, question=questions["scale"], point=point),
        ]
        if text:
            answers.append(Answer(response=response, question=questions["long"], text=text))
    Answer.objects.bulk_create(answers)
    return responses
