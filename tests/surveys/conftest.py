import datetime

import pytest

from surveys.models import Question, Section, Survey

TODAY = datetime.date(2022, 5, 10)


@pytest.fixture
def school_survey(users, college_a):
    survey = Survey.objects.create(
        year=2022,
        title="全校学生价值取向调研",
        opens_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=14),
        groups="2022级\n2021级",
    )
    survey.colleges.set([college_a])
    return survey


@pytest.fixture
def college_survey(users, college_a):
    survey = Survey.objects.create(
        year=2022,
        college=college_a,
        title="学院学习情况调研",
        opens_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=14),
    )
    survey.colleges.set([college_a])
    return survey


def add_question(survey, text="你每天自习多久？", kind=Question.Kind.SINGLE, section=None, **fields):
    fields.setdefault("choices", "不到1小时\n1到3小时\n3小时以上" if kind in Question.CHOICE_KINDS else "")
    order = Question.objects.filter(survey=survey, section=section).count()
    return Question.objects.create(survey=survey, section=section, kind=kind, text=text, order=order, **fields)


def add_section(survey, title="学习习惯"):
    return Section.objects.create(survey=survey, title=title, order=Section.objects.filter(survey=survey).count())


def fresh(row):
    row.refresh_from_db()
    return row
