"""A survey's results, counted (issue 28 item 1): per question the count and share of each choice, a scale's
distribution and mean, the number of text answers; the responses per college and per group.

Small groups are suppressed so that no one is identified: a cut (the whole result under a filter, a college or a
group counted apart) with fewer than SMALL_GROUP responses gives no figure, only that it is small. Counting is pure
Python over a few queries' values, whatever the number of questions or responses: the questions, the responses'
colleges and groups, and the answers' values (a text's length, never its words).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext

from colleges.models import College

from .models import SMALL_GROUP, Answer, Question, Response, Survey


def is_small(count: int) -> bool:
    """Whether a cut of `count` responses is too small to show apart (but none at all is shown as none)."""
    return 0 < count < SMALL_GROUP


def share(part: int, whole: int) -> int:
    """A whole percentage of `whole`, 0 when there is nothing to share."""
    return round(part * 100 / whole) if whole else 0


@dataclass
class Bar:
    label: str
    count: int
    share: int


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)  # choices, or a scale's points
    mean: float | None = None
    texts: int = 0

    @property
    def is_choice(self) -> bool:
        return self.question.kind in Question.CHOICE_KINDS

    @property
    def is_scale(self) -> bool:
        return self.question.kind == Question.Kind.SCALE

    @property
    def is_text(self) -> bool:
        return self.question.kind in Question.TEXT_KINDS


@dataclass
class Results:
    survey: Survey
    responses: int
    suppressed: bool
    questions: list[QuestionResult]


def responses_of(survey: Survey, college_id: int | None = None, group: str = "") -> QuerySet:
    """The survey's responses in the cut: a college, a group, or both (empty: all)."""
    responses = Response.objects.filter(survey=survey)
    if college_id is not None:
        responses = responses.filter(college_id=college_id)
    if group:
        responses = responses.filter(group=group)
    return responses


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in the order they are asked: those without a section first, then by section."""
    questions = list(Question.objects.filter(survey=survey).select_related("section"))
    return sorted(
        questions,
        key=lambda q: (q.section is not None, q.section.order if q.section else 0, q.section_id or 0, q.order, q.pk),
    )


def tally(survey: Survey, responses: QuerySet, questions: list[Question] | None = None) -> Results:
    """The results of `responses` (a cut of the survey's): in three queries, none when the cut is too small."""
    if questions is None:
        questions = questions_of(survey)
    total = responses.count()
    if total < SMALL_GROUP:
        return Results(survey, total, total > 0, [QuestionResult(question) for question in questions])
    chosen: dict[int, Counter] = {question.pk: Counter() for question in questions}
    points: dict[int, Counter] = {question.pk: Counter() for question in questions}
    answered: Counter = Counter()
    texts: Counter = Counter()
    rows = (
        Answer.objects.filter(response__in=responses.values("pk"))
        .annotate(length=Length("text"))
        .values_list("question_id", "chosen", "point", "length")
    )
    for question_id, picks, point, length in rows:
        if question_id not in chosen:
            continue
        if picks:
            chosen[question_id].update(pick for pick in picks if isinstance(pick, int))
            answered[question_id] += 1
        elif point is not None:
            points[question_id][point] += 1
            answered[question_id] += 1
        elif length:
            texts[question_id] += 1
            answered[question_id] += 1
    return Results(
        survey,
        total,
        False,
        [_question_result(q, answered[q.pk], chosen[q.pk], points[q.pk], texts[q.pk]) for q in questions],
    )


def _question_result(question: Question, answered: int, chosen: Counter, points: Counter, texts: int):
    result = QuestionResult(question, answered=answered, texts=texts)
    if question.kind in Question.CHOICE_KINDS:
        # A multiple choice's share is of the respondents who answered: the shares may add up to more than 100.
        result.bars = [
            Bar(label, chosen[index], share(chosen[index], answered))
            for index, label in enumerate(question.choice_list())
        ]
    elif question.kind == Question.Kind.SCALE:
        result.bars = [
            Bar(str(point), points[point], share(points[point], answered))
            for point in range(1, question.scale_max + 1)
        ]
        if answered:
            result.mean = round(sum(point * n for point, n in points.items()) / answered, 2)
    return result


@dataclass
class CutCount:
    label: str
    key: int | str | None
    count: int

    @property
    def small(self) -> bool:
        return is_small(self.count)


def by_college(survey: Survey, college_id: int | None = None) -> list[CutCount]:
    """Responses per college (a college asked that has none shows 0), in one query besides the colleges asked;
    `college_id` keeps one college's row (a secretary reading the school's survey)."""
    counts = {
        row["college_id"]: row["n"]
        for row in Response.objects.filter(survey=survey).order_by().values("college_id").annotate(n=Count("pk"))
    }
    colleges = {college.pk: college for college in survey.colleges.all()}
    if survey.college_id is not None and survey.college_id not in colleges:
        colleges[survey.college_id] = survey.college
    missing = [pk for pk in counts if pk is not None and pk not in colleges]
    if missing:
        colleges.update({college.pk: college for college in College.objects.filter(pk__in=missing)})
    rows = [
        CutCount(college.name, college.pk, counts.get(college.pk, 0))
        for college in sorted(colleges.values(), key=lambda c: (c.order, c.code))
    ]
    if counts.get(None):
        rows.append(CutCount(gettext("No college given"), None, counts[None]))
    if college_id is not None:
        rows = [row for row in rows if row.key == college_id]
    return rows


def by_group(survey: Survey, college_id: int | None = None) -> list[CutCount]:
    """Responses per group asked (and any other group given), in one query; within a college when given."""
    responses = responses_of(survey, college_id)
    counts = {row["group"]: row["n"] for row in responses.order_by().values("group").annotate(n=Count("pk"))}
    groups = survey.group_list()
    groups += [group for group in sorted(counts) if group and group not in groups]
    return [CutCount(group, group, counts.get(group, 0)) for group in groups]


def summary(survey: Survey) -> dict:
    """The results as data for the year's archive: suppressed counts only (no cut under SMALL_GROUP, no text)."""
    results = tally(survey, responses_of(survey))
    return {
        "survey": survey.title,
        "year": survey.year,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "responses": results.responses,
        "suppressed": results.suppressed,
        "by_college": [
            {"college": row.label, "responses": None if row.small else row.count} for row in by_college(survey)
        ],
        "by_group": [{"group": row.label, "responses": None if row.small else row.count} for row in by_group(survey)],
        "questions": [
            {
                "question": item.question.text,
                "kind": item.question.kind,
                "answered": item.answered,
                "counts": {bar.label: bar.count for bar in item.bars},
                "mean": item.mean,
                "text_answers": item.texts,
            }
            for item in ([] if results.suppressed else results.questions)
        ],
    }
