"""Saving a survey's 调研报告: the designer's text, claimed at the version they were shown."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from colleges.access import access_for
from core.errors import Refused, RoleRefused
from core.identity import identity_problem
from core.versions import claim

from .. import access
from ..models import Survey


class SurveyReportRefused(Refused):
    """Saving a survey report was refused; the message says why."""


class ReportRoleRefused(RoleRefused, SurveyReportRefused):
    pass


@transaction.atomic
def save_report(survey: Survey, user, text: str, expected_version: int) -> Survey:
    """Keep the report's text and when it was saved; the survey's version moves on."""
    ReportRoleRefused.unless(access.designs(access_for(user), survey.college_id), access.designs)
    problem = identity_problem(text)
    if problem:
        raise SurveyReportRefused(problem)
    now = timezone.now()
    claim(Survey.objects.all(), survey.pk, expected_version, report=text, report_saved_at=now)
    survey.report, survey.report_saved_at, survey.version = text, now, expected_version + 1
    return survey
