"""The surveys' plain rules: when a survey takes answers, what makes a question well formed, and what a survey needs
before it opens. Pure functions of their arguments, tested directly (tests/surveys/test_design_rules.py)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .models import CHOICES_MAX, Question, Survey

SCALE_MIN, SCALE_MAX = 2, 10


def accepting_answers(survey: Survey, today: datetime.date) -> bool:
    """Whether the survey takes answers on `today` (the school's day, Asia/Shanghai): open, and today within its
    period, both ends included."""
    if survey.status != Survey.Status.OPEN or survey.opens_on is None or survey.closes_on is None:
        return False
    return survey.opens_on <= today <= survey.closes_on


def closed_problem(survey: Survey, today: datetime.date) -> str | None:
    """None when `survey` takes answers on `today`; else why not, in the respondent's words."""
    if accepting_answers(survey, today):
        return None
    if survey.status == Survey.Status.DRAFT or survey.opens_on is None or survey.closes_on is None:
        return _("This survey is not open yet.")
    if survey.status == Survey.Status.CLOSED:
        return _("This survey is closed and takes no more answers. Thank you for your interest.")
    if today < survey.opens_on:
        return _("This survey takes answers from %(day)s.") % {"day": survey.opens_on.isoformat()}
    return _("This survey took answers until %(day)s and is now closed.") % {"day": survey.closes_on.isoformat()}


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def question_problem(kind: str, choices: str, scale_max: int | None) -> str | None:
    """Why a question of `kind` with these choices (one a line) or scale points is not well formed, or None."""
    if kind in Question.CHOICE_KINDS:
        lines = split_lines(choices)
        if len(lines) < 2:
            return _("A choice question needs at least 2 choices, one a line.")
        if len(lines) > CHOICES_MAX:
            return _("A question has at most %(max)d choices.") % {"max": CHOICES_MAX}
        if len(set(lines)) != len(lines):
            return _("Two choices are the same; each choice must differ from the others.")
    elif kind == Question.Kind.SCALE:
        if scale_max is None or not SCALE_MIN <= scale_max <= SCALE_MAX:
            return _("A scale has from %(low)d to %(high)d points.") % {"low": SCALE_MIN, "high": SCALE_MAX}
    elif kind not in Question.TEXT_KINDS:
        return _("Choose the question's type.")
    return None


def period_problem(opens_on: datetime.date | None, closes_on: datetime.date | None) -> str | None:
    if opens_on and closes_on and closes_on < opens_on:
        return _("The survey cannot close before it opens.")
    return None


def opening_problem(survey: Survey, today: datetime.date, questions: int, colleges: int) -> str | None:
    """Why the survey cannot be opened (or reopened) on `today`, or None."""
    if questions == 0:
        return _("Add at least one question before opening the survey.")
    if colleges == 0:
        return _("Choose the colleges the survey asks before opening it.")
    if survey.opens_on is None or survey.closes_on is None:
        return _("Set the days the survey opens and closes before opening it.")
    if survey.closes_on < today:
        return _("The survey's closing day has passed; set a later closing day first.")
    return period_problem(survey.opens_on, survey.closes_on)
