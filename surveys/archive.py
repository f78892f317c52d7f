"""The surveys' section of the year's archive (档案): for each survey of the year that is closed, its report (the
saved text, or the draft from the results while none is saved, without quotes) as text and PDF, and its results as
data — suppressed counts only (surveys.results.summary: no cut under SMALL_GROUP, no written answer).

The publicity app finds this section through SurveysConfig.archive_sections (it sits above this app)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from core.archives import safe_member_name
from core.pdf import PdfUnavailable

from . import report, results
from .models import Survey


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def survey_files(year: int) -> Iterator[tuple[str, bytes]]:
    surveys = list(
        Survey.objects.filter(year=year, status=Survey.Status.CLOSED)
        .select_related("college")
        .prefetch_related("colleges")
        .order_by("pk")
    )
    if not surveys:
        yield "README.txt", f"No survey closed in {year}.\n".encode()
        return
    for survey in surveys:
        folder = safe_member_name(f"{survey.pk}-{survey.title}")
        yield f"{folder}/report.txt", report.current_text(survey).encode()
        yield f"{folder}/results.json", _json(results.summary(survey))
        try:
            yield f"{folder}/report.pdf", report.build_pdf(survey)
        except PdfUnavailable as missing:  # a server without Pango: the archive says so and keeps the rest
            yield f"{folder}/report-pdf-missing.txt", str(missing).encode()
