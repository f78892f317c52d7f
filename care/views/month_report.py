"""A month's care work filed as a draft activity report, and the approved report linked as evidence of the care
indicator of the college's self-assessment."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from core.views import ActionView, FormPage

from .. import access as care_access
from .. import queries, services
from ..access import care_authors
from ..forms import MonthReportForm
from ..models import MonthlyCareReport
from .common import CareViewMixin, CollegeChoiceMixin


class MonthReportView(CollegeChoiceMixin, FormPage):
    """A month's care work becomes a draft activity report in one step; once approved, it is linked as evidence of
    the care indicator of the college's self-assessment."""

    template_name = "care/month_reports.html"
    form_class = MonthReportForm
    success_message = gettext_lazy(
        "The month's care work is now a draft activity report. Add a photo and submit it for review."
    )
    choose_url_name = "care:month_report"

    def get_context_data(self, **kwargs):
        return super().get_context_data(college=self.college, filed=queries.months_filed(self.college), **kwargs)

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1)}

    def perform(self, form):
        month = form.cleaned_data["month"]
        return services.file_month_report(self.college, month.year, month.month, self.request.user).report


class LinkEvidenceView(CareViewMixin, ActionView):
    """The months' list's button: link an approved month's report as evidence."""

    form_class = forms.Form  # nothing to post: the report links once, so there is no version to claim
    success_message = gettext_lazy("The report is now evidence of the care indicator in the self-assessment.")

    @cached_property
    def monthly(self):
        rows = MonthlyCareReport.objects.select_related("report", "college")
        return get_object_or_404(care_access.scope(rows, self.request.user), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.monthly

    def has_permission(self):
        return care_authors(self.access, self.monthly.college_id)

    def perform(self, form):
        services.link_as_evidence(self.monthly, self.request.user)

    def get_success_url(self):
        return f"{reverse('care:month_report')}?college={self.monthly.college.code}"
