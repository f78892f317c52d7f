"""The surveys' figures (issue 28 item 3): counts only, never an answer. Per college for a year: the surveys run
that asked it (open or closed; a college's own survey asks its college) and the answers received from it; in three
queries whatever the number of colleges, surveys or answers."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from colleges.models import College
from core.cache import cached

from .models import Response, Survey

RUN = (Survey.Status.OPEN, Survey.Status.CLOSED)


def summary(year: int, college_ids: set[int] | None = None) -> dict:
    """Per college (all, or those in `college_ids`) with a survey or an answer in `year`, and in total: surveys
    that asked it and answers received from it."""
    surveys = Survey.objects.filter(year=year, status__in=RUN)
    asked: dict[int, set[int]] = defaultdict(set)
    for survey_id, own, college_id in surveys.order_by().values_list("pk", "college_id", "colleges"):
        for college in (own, college_id):
            if college is not None:
                asked[college].add(survey_id)
    answers = dict(
        Response.objects.filter(survey__in=surveys.values("pk"))
        .exclude(college=None)
        .order_by()
        .values_list("college_id")
        .annotate(n=Count("pk"))
    )
    ids = set(asked) | set(answers)
    if college_ids is not None:
        ids &= college_ids
    colleges = College.objects.filter(pk__in=ids).order_by("order", "code") if ids else []
    rows = [
        {
            "college_id": college.pk,
            "college": college.name,
            "surveys": len(asked.get(college.pk, ())),
            "answers": answers.get(college.pk, 0),
        }
        for college in colleges
    ]
    return {
        "year": year,
        "rows": rows,
        "total": {
            "surveys": surveys.count() if college_ids is None else len(set().union(*(asked[i] for i in ids))),
            "answers": sum(row["answers"] for row in rows),
        },
    }


def school_summary(year: int) -> dict:
    """The school's survey figures of a year, cached: for the dashboard and the annual summary (counts only)."""
    return cached(f"survey-summary-{year}", lambda: summary(year))


def college_summary(year: int, college_id: int) -> dict:
    """One college's row: the surveys that asked it and the answers it gave."""
    row = next((row for row in school_summary(year)["rows"] if row["college_id"] == college_id), None)
    return row or {"college_id": college_id, "surveys": 0, "answers": 0}
