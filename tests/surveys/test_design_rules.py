"""The surveys' plain rules: when a survey takes answers, and what makes a question well formed."""

import datetime

import pytest

from surveys import rules
from surveys.models import CHOICES_MAX, Question, Survey

DAY = datetime.date(2022, 5, 10)


def survey(status=Survey.Status.OPEN, opens_on=DAY, closes_on=DAY + datetime.timedelta(days=7)):
    return Survey(status=status, opens_on=opens_on, closes_on=closes_on)


@pytest.mark.parametrize(
    ("today", "status", "accepting"),
    [
        (DAY - datetime.timedelta(days=1), Survey.Status.OPEN, False),  # before its period
        (DAY, Survey.Status.OPEN, True),  # its first day
        (DAY + datetime.timedelta(days=7), Survey.Status.OPEN, True),  # its last day
        (DAY + datetime.timedelta(days=8), Survey.Status.OPEN, False),  # after it
        (DAY, Survey.Status.DRAFT, False),
        (DAY, Survey.Status.CLOSED, False),  # closed early
    ],
)
def test_a_survey_takes_answers_only_open_and_within_its_period(today, status, accepting):
    assert rules.accepting_answers(survey(status), today) is accepting


def test_a_survey_without_a_period_takes_no_answer():
    assert rules.accepting_answers(survey(opens_on=None), DAY) is False
    assert rules.accepting_answers(survey(closes_on=None), DAY) is False


@pytest.mark.parametrize(
    ("kind", "choices", "scale", "well_formed"),
    [
        (Question.Kind.SINGLE, "是\n否", None, True),
        (Question.Kind.MULTIPLE, " 读书 \n\n运动\n音乐 ", None, True),  # blank lines and spaces do not count
        (Question.Kind.SINGLE, "只有一个", None, False),
        (Question.Kind.SINGLE, "是\n是", None, False),  # the same choice twice
        (Question.Kind.MULTIPLE, "\n".join(str(i) for i in range(CHOICES_MAX)), None, True),
        (Question.Kind.MULTIPLE, "\n".join(str(i) for i in range(CHOICES_MAX + 1)), None, False),
        (Question.Kind.SCALE, "", 2, True),
        (Question.Kind.SCALE, "", 10, True),
        (Question.Kind.SCALE, "", 1, False),
        (Question.Kind.SCALE, "", 11, False),
        (Question.Kind.SHORT, "", None, True),
        (Question.Kind.LONG, "", None, True),
        ("essay", "", None, False),
    ],
)
def test_what_makes_a_question_well_formed(kind, choices, scale, well_formed):
    assert (rules.question_problem(kind, choices, scale) is None) is well_formed


def test_a_survey_needs_questions_colleges_and_a_period_not_past_to_open():
    open_soon = survey(Survey.Status.DRAFT)
    assert rules.opening_problem(open_soon, DAY, questions=1, colleges=1) is None
    assert "题" in rules.opening_problem(open_soon, DAY, questions=0, colleges=1)
    assert "学院" in rules.opening_problem(open_soon, DAY, questions=1, colleges=0)
    assert "已过" in rules.opening_problem(open_soon, DAY + datetime.timedelta(days=8), questions=1, colleges=1)
    assert rules.opening_problem(survey(opens_on=None), DAY, questions=1, colleges=1)
