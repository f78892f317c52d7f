"""A survey's answers as a workbook (core.xlsx: every cell inert): one row per response — its college, group and
day, the student number only on a named survey and only for committee staff, then one column per question (the
chosen choices as their text, joined by "；"; a scale's point; the text as written). Three queries whatever the
number of responses."""

from __future__ import annotations

from io import BytesIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import XLSX_CONTENT_TYPE, TableSheet, new_workbook

from .models import Answer, Question, Survey
from .results import questions_of

__all__ = ["XLSX_CONTENT_TYPE", "answers_workbook", "filename"]

JOINER = "；"


def filename(survey: Survey) -> str:
    return _("survey-%(pk)s-answers-%(year)s.xlsx") % {"pk": survey.pk, "year": survey.year}


def _value(question: Question, chosen, point, text):
    if question.kind in Question.CHOICE_KINDS:
        labels = question.choice_list()
        return JOINER.join(labels[index] for index in chosen or [] if isinstance(index, int) and index < len(labels))
    if question.kind == Question.Kind.SCALE:
        return point
    return text


def answers_workbook(survey: Survey, responses: QuerySet, *, with_numbers: bool) -> bytes:
    questions = questions_of(survey)
    columns = [
        (pgettext("field", "College"), 18),
        (pgettext("field", "Group"), 12),
        (pgettext("field", "Answered on"), 12),
    ]
    if with_numbers:
        columns.append((pgettext("field", "Student number"), 14))
    columns += [
        (f"{number}. {question.text}", 30 if question.kind in Question.TEXT_KINDS else 16)
        for number, question in enumerate(questions, start=1)
    ]
    workbook = new_workbook()
    sheet = TableSheet(
        workbook,
        _("Survey answers"),
        columns,
        book_title=_("%(title)s: answers") % {"title": survey.title},
        key_columns=3,
    )
    by_pk = {question.pk: question for question in questions}
    answers: dict[int, dict[int, object]] = {}
    rows = Answer.objects.filter(response__in=responses.values("pk")).values_list(
        "response_id", "question_id", "chosen", "point", "text"
    )
    for response_id, question_id, chosen, point, text in rows:
        question = by_pk.get(question_id)
        if question is not None:
            answers.setdefault(response_id, {})[question_id] = _value(question, chosen, point, text)
    for pk, college, group, day, number in responses.order_by("answered_on", "pk").values_list(
        "pk", "college__name", "group", "answered_on", "student_number"
    ):
        given = answers.get(pk, {})
        row = [college or "", group, sheet.cell(day, number_format="yyyy-mm-dd")]
        if with_numbers:
            row.append(number)
        row += [given.get(question.pk) for question in questions]
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annual_sheet(workbook, year: int, book_title: str) -> None:
    """The annual summary's surveys sheet (dashboard.exports calls this one hook): per college, the surveys that
    asked it and the answers it gave; counts only."""
    from .figures import school_summary  # the figures read the cache; the answers' workbook above does not

    summary = school_summary(year)
    sheet = TableSheet(
        workbook,
        pgettext("page", "Surveys"),
        [
            (pgettext("field", "College"), 24),
            (_("Surveys that asked it"), 12),
            (pgettext("count", "Answers received"), 12),
        ],
        book_title=book_title,
        name_sheet_in_header=True,
    )
    for row in summary["rows"]:
        sheet.append([row["college"], row["surveys"], row["answers"]])
    sheet.append_below(
        [pgettext("total row", "Whole school"), summary["total"]["surveys"], summary["total"]["answers"]]
    )
