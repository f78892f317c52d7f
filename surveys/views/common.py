"""What every survey page shares: the survey found among those the user sees (another college's is a 404), and the
predicates its pages ask (surveys.access)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from colleges.access import ScopedViewMixin

from .. import access
from ..models import Survey


def survey_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


class SurveyViewMixin(ScopedViewMixin):
    """A page of one survey (`pk`), for whoever reads it (the pages that change it say `designs` below)."""

    roles = access.SURVEY_ROLES
    who_may = access.reads_results.who

    @cached_property
    def survey(self) -> Survey:
        surveys = access.scope_surveys(Survey.objects.select_related("college"), self.request.user)
        return get_object_or_404(surveys, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.survey

    def has_permission(self) -> bool:
        return access.reads_results(self.access, self.survey)

    def state_problem_url(self):
        return survey_url(self.survey)

    def get_success_url(self):
        return survey_url(self.survey)

    def get_cancel_url(self):
        return survey_url(self.survey)


class DesignerMixin(SurveyViewMixin):
    """A page that changes the survey: its designers only (staff; a college's secretary for their college's)."""

    who_may = access.designs.who

    def has_permission(self) -> bool:
        return access.designs(self.access, self.survey.college_id)
