"""Whether a survey takes answers today, and the sentence a respondent reads when it does not.

(The design side may keep the same rule in surveys.rules; one of the two stays when they meet.)"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .models import Survey


def closed_problem(survey: Survey, today: datetime.date) -> str | None:
    """None when `survey` takes answers on `today`; else why not, in the respondent's words."""
    if survey.status == Survey.Status.DRAFT:
        return _("This survey is not open yet.")
    if survey.status == Survey.Status.CLOSED:
        return _("This survey is closed and takes no more answers. Thank you for your interest.")
    if survey.opens_on and today < survey.opens_on:
        return _("This survey takes answers from %(day)s.") % {"day": survey.opens_on.isoformat()}
    if survey.closes_on and today > survey.closes_on:
        return _("This survey took answers until %(day)s and is now closed.") % {"day": survey.closes_on.isoformat()}
    return None


def accepting_answers(survey: Survey, today: datetime.date) -> bool:
    return closed_problem(survey, today) is None
