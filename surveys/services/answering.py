"""Answering a survey: the public page's one write, checked here whatever the form let through.

A response keeps the college and group the respondent chose, the day in Shanghai (never a finer time) and, on a
named survey only, the student number; never an address, an account, a browser or a time of day. On a survey
answered by invitation only, the code's invitation is marked used on the same day in the same transaction, under a
row lock, and nothing links the two: two parallel posts of one code make one response.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.models import College
from core.identity import find_identity

from ..codes import CODE_MAX, code_hash
from ..errors import CodeRefused, SurveyRefused
from ..models import SHORT_MAX, TEXT_MAX, Answer, Invitation, Question, Response, Survey
from ..rules import closed_problem

STUDENT_NUMBER = re.compile(r"[A-Z0-9]{4,20}")
GROUP_MAX = Response._meta.get_field("group").max_length


def today() -> datetime.date:
    """The day in the school's time zone (Asia/Shanghai), whatever the request's."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def colleges_asked(survey: Survey) -> QuerySet:
    """The colleges a respondent may say they are from: those the survey asked; a college's own survey that named
    none asks its own college; the school's survey that named none asks every active college."""
    chosen = College.objects.filter(surveys=survey, active=True)
    if chosen.exists():
        return chosen.order_by("order", "code")
    if survey.college_id is not None:
        return College.objects.filter(pk=survey.college_id)
    return College.objects.filter(active=True).order_by("order", "code")


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in the order a respondent reads them: those without a section first, then each
    section's in the sections' order."""
    questions = list(Question.objects.filter(survey=survey).select_related("section"))
    return sorted(
        questions,
        key=lambda q: (q.section is not None, (q.section.order, q.section.pk) if q.section else (0, 0), q.order, q.pk),
    )


def normal_student_number(typed: str) -> str:
    """Full-width digits and letters folded, spaces dropped, letters in capitals."""
    return "".join(unicodedata.normalize("NFKC", typed or "").split()).upper()


def submit(
    survey: Survey,
    college: College | None,
    group: str,
    answers: Mapping[int, object],
    student_number: str = "",
    code: str = "",
) -> Response:
    """Store one respondent's answers (`answers`: question pk -> the chosen positions, from 0, for a choice — one
    int or a list —, the point for a scale, the text for a text question; a question left out is not answered).
    Raises SurveyRefused, saying what to correct, when anything does not hold."""
    day = today()
    problem = closed_problem(survey, day)
    if problem:
        raise SurveyRefused(problem)
    if college is None or not colleges_asked(survey).filter(pk=college.pk).exists():
        raise SurveyRefused(_("Choose your college among those this survey asks."))
    groups = survey.group_list()
    group = (group or "").strip()
    if (groups or group) and group not in groups:
        raise SurveyRefused(_("Choose your group among those this survey asks."))
    student_number = _student_number(survey, student_number)
    rows = [row for question in questions_of(survey) if (row := _answer(question, answers.get(question.pk)))]
    if not survey.uses_tokens:
        return _save(survey, college, group, day, student_number, rows)
    if not code or len(code) > CODE_MAX:
        raise CodeRefused(_("Enter the invitation code you were given."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(survey=survey, code_hash=code_hash(code)).first()
        if invitation is None or invitation.used_on is not None:
            raise CodeRefused(_("This invitation code is not valid for this survey, or it has already been used."))
        Invitation.objects.filter(pk=invitation.pk).update(used_on=day)
        return _save(survey, college, group, day, student_number, rows)


def _student_number(survey: Survey, typed: str) -> str:
    number = normal_student_number(typed)
    if not survey.named:
        if number:
            raise SurveyRefused(_("This survey is anonymous: it asks no student number."))
        return ""
    if not STUDENT_NUMBER.fullmatch(number):
        raise SurveyRefused(_("Enter your student number: 4 to 20 letters or digits."))
    return number


def _answer(question: Question, value) -> Answer | None:
    """The unsaved answer to `question`, None when it is left empty (and may be); refused when it is not valid."""
    kind = question.kind
    if kind in Question.CHOICE_KINDS:
        chosen = _positions(value)
        if chosen is None or any(not 0 <= n < len(question.choice_list()) for n in chosen):
            raise SurveyRefused(_("Choose among the choices of “%(question)s”.") % {"question": question.text})
        if kind == Question.Kind.SINGLE and len(chosen) > 1:
            raise SurveyRefused(_("Choose one answer to “%(question)s”.") % {"question": question.text})
        if not chosen:
            return _empty(question)
        return Answer(question=question, chosen=sorted(set(chosen)))
    if kind == Question.Kind.SCALE:
        if value in (None, ""):
            return _empty(question)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= question.scale_max:
            raise SurveyRefused(
                _("Choose a point from 1 to %(max)d for “%(question)s”.")
                % {"max": question.scale_max, "question": question.text}
            )
        return Answer(question=question, point=value)
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise SurveyRefused(_("Write your answer to “%(question)s” as text.") % {"question": question.text})
    limit = SHORT_MAX if kind == Question.Kind.SHORT else TEXT_MAX
    if len(text) > limit:
        raise SurveyRefused(
            _("The answer to “%(question)s” may have at most %(max)d characters.")
            % {"question": question.text, "max": limit}
        )
    if "\x00" in text:
        raise SurveyRefused(_("Write your answer to “%(question)s” as text.") % {"question": question.text})
    found = find_identity(text)
    if found is not None:
        # An answer names nobody, whatever the survey: the results are read by others, some in the respondent's
        # college (core.identity finds the numbers however they are written).
        raise SurveyRefused(
            _(
                "Please remove the ID or phone number (%(number)s) from your answer to “%(question)s”: the survey "
                "keeps no number that identifies a person."
            )
            % {"number": found.masked, "question": question.text}
        )
    if not text:
        return _empty(question)
    return Answer(question=question, text=text)


def _positions(value) -> list[int] | None:
    """The chosen positions, or None when `value` is not one position or a list of them."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in items):
        return None
    return list(items)


def _empty(question: Question) -> None:
    if question.required:
        raise SurveyRefused(_("Please answer “%(question)s”: it is required.") % {"question": question.text})
    return None


def _save(
    survey: Survey, college: College, group: str, day: datetime.date, student_number: str, rows: Iterable[Answer]
) -> Response:
    with transaction.atomic():
        response = Response.objects.create(
            survey=survey, college=college, group=group[:GROUP_MAX], answered_on=day, student_number=student_number
        )
        answers = list(rows)
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
    return response
