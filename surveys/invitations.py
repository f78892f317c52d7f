"""Invitation codes of a survey answered by invitation only: made at random, shown once to the person who made
them (on the page, as a printable sheet and a workbook), and kept only as a keyed hash (HMAC-SHA256 with the
project's secret and a key of their own: surveys.codes, with which the public page checks them). Neither the database
nor a copy of it gives a code back, and nothing ties a response to the code that allowed it."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import TableSheet, new_workbook

from .codes import code_hash, new_code  # noqa: F401  (the design side's names for the public page's codes)

BATCH_MAX = 2000  # codes made at once
SURVEY_MAX = 20000  # codes of one survey in all


def codes_workbook(survey, codes: list[str]) -> bytes:
    """The codes as a workbook to print and cut, one a row, numbered (every cell inert)."""
    workbook = new_workbook()
    sheet = TableSheet(
        workbook,
        pgettext("survey", "Invitation codes"),
        [(_("No."), 8), (_("Invitation code"), 24), (pgettext("field", "Survey"), 50)],
        book_title=_("Invitation codes of the survey “%(title)s”, %(year)s")
        % {"title": survey.title, "year": survey.year},
    )
    for number, code in enumerate(codes, start=1):
        sheet.append([number, code, survey.title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
