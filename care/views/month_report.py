"""A month's care work filed as a draft activity report, its photos added and the report submitted for review on
this one page (the counsellors who file it have none of the annual loop's pages), and the approved report linked
as evidence of the care indicator of the college's self-assessment by whoever keeps that."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from activities.models import Action as ReportAction
from colleges.access import reads
from core.forms import MultipleFileField, PlainForm, VersionForm
from core.text import nest_quotes
from core.views import ActionView, FormPage

from .. import access as care_access
from .. import queries, services
from ..access import care_authors, links_month_report
from ..forms import MonthReportForm
from ..models import MonthlyCareReport
from ..workflow import MONTH_REPORT
from .common import CareViewMixin, CollegeChoiceMixin


class MonthPhotosForm(PlainForm):
    files = MultipleFileField(
        label=pgettext_lazy("field", "Photos"), help_text=gettext_lazy("JPEG, PNG or WebP photos.")
    )


class MonthReportView(CollegeChoiceMixin, FormPage):
    """A month's care work becomes a draft activity report in one step; below, each month filed with its photos,
    the button to submit it and, once approved, to link it as evidence."""

    template_name = "care/month_reports.html"
    form_class = MonthReportForm
    success_message = gettext_lazy(
        "The month's care work is now a draft activity report. Add a photo and submit it for review."
    )
    choose_url_name = "care:month_report"

    def get_context_data(self, **kwargs):
        access, college_id = self.access, self.college.pk
        rows = [
            {
                "monthly": monthly,
                "report": monthly.report,
                "photos": list(monthly.report.evidence.all()),
                "editable": MONTH_REPORT.can_edit(monthly.report.status, access, college_id),
                "submittable": MONTH_REPORT.can(ReportAction.SUBMIT, monthly.report.status, access, college_id),
                "linked": bool(monthly.report.indicator_scores.all()),
            }
            for monthly in queries.months_filed(self.college)
        ]
        return super().get_context_data(
            college=self.college,
            rows=rows,
            photos_form=MonthPhotosForm(),
            may_link=links_month_report(access, college_id),
            reads_reports=reads(access, college_id),
            **kwargs,
        )

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1)}

    def perform(self, form):
        month = form.cleaned_data["month"]
        return services.file_month_report(self.college, month.year, month.month, self.request.user)

    def get_success_url(self):
        return month_row_url(self.result)


def month_row_url(monthly: MonthlyCareReport) -> str:
    return f"{reverse('care:month_report')}?college={monthly.college.code}#month-{monthly.pk}"


class MonthActionView(CareViewMixin, ActionView):
    """A button on a filed month: the college's care people (and staff) only."""

    @cached_property
    def monthly(self):
        rows = MonthlyCareReport.objects.select_related("report__college", "report__kind", "college")
        return get_object_or_404(care_access.scope(rows, self.request.user), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.monthly

    def has_permission(self):
        return care_authors(self.access, self.monthly.college_id)

    def get_success_url(self):
        return month_row_url(self.monthly)


class MonthPhotosView(MonthActionView):
    form_class = MonthPhotosForm
    who_may = care_authors.who

    def perform(self, form):
        self.added = services.add_month_photos(self.monthly, self.request.user, form.cleaned_data["files"])

    def get_success_message(self) -> str:
        return _("%(count)d files added.") % {"count": len(self.added)}


class MonthPhotoDeleteView(MonthActionView):
    form_class = forms.Form  # a removal claims the report itself (activities.services.remove_evidence)
    who_may = care_authors.who

    @cached_property
    def photo(self):
        return get_object_or_404(self.monthly.report.evidence, pk=self.kwargs["evidence_pk"])

    def perform(self, form):
        services.remove_month_photo(self.monthly, self.photo, self.request.user)

    def get_success_message(self) -> str:
        return _("“%(name)s” has been removed.") % {"name": nest_quotes(self.photo.original_name)}


class MonthSubmitView(MonthActionView):
    form_class = VersionForm
    who_may = care_authors.who
    success_message = gettext_lazy("The month's report has been submitted for review.")

    def perform(self, form):
        services.submit_month_report(self.monthly, self.request.user, form.cleaned_data["version"])


class LinkEvidenceView(MonthActionView):
    """Link an approved month's report as evidence: whoever keeps the self-assessment (not the counsellors, who
    are not offered the button; a post of theirs is told who may)."""

    form_class = forms.Form  # nothing to post: the report links once, so there is no version to claim
    who_may = links_month_report.who
    success_message = gettext_lazy("The report is now evidence of the care indicator in the self-assessment.")

    def has_permission(self):
        return links_month_report(self.access, self.monthly.college_id)

    def perform(self, form):
        services.link_as_evidence(self.monthly, self.request.user)
