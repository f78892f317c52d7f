"""The region work report (片工作情况通报): the lead edits it and submits it to the province; the lead school's
committee and, once submitted, the province read it and download it as PDF and Word; the province's list of every
region's report."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from core.files import attach
from core.pdf import PdfUnavailable
from core.views import ActionView, ConfirmFirst, FormPage

from .. import access, services, work_report
from ..forms import WorkReportForm
from ..models import Status, WorkReport
from ..summary import summary_rows
from .base import LeadsRegion, OnRegion, ReadsEveryRegion, RegionPage


class OnWorkReport(OnRegion):
    @cached_property
    def report(self) -> WorkReport | None:
        return WorkReport.objects.filter(region=self.region).select_related("submitted_by").first()


class WorkReportView(OnWorkReport, LeadsRegion, FormPage):
    creates = False  # it edits the region's one work report, whose version stops a second sending
    template_name = "region/work_report.html"
    form_class = WorkReportForm

    def get_initial(self):
        text, version = work_report.current_work_report(self.region)
        return {"text": text} if version is None else {"text": text, "version": version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(region=self.region, report=self.report, **kwargs)

    def perform(self, form):
        return services.save_work_report(
            self.region, self.request.user, form.cleaned_data["text"], form.cleaned_data["version"]
        )

    def get_success_message(self) -> str:
        if self.result.is_submitted:
            return _("The work report has been saved and sent to the province again.")
        return _("The work report has been saved.")

    def get_success_url(self):
        return reverse("region:work_report", args=[self.region.pk])


class WorkReportSubmitView(ConfirmFirst, OnWorkReport, LeadsRegion, ActionView):
    confirm_question = gettext_lazy(
        "Submit the work report to the provincial committee? The province reads it at once; a later edit is sent "
        "to them again as a revised report."
    )
    confirm_label = gettext_lazy("Submit to the province")
    success_message = gettext_lazy("The work report has been submitted to the province.")

    def get_success_url(self):
        return reverse("region:work_report", args=[self.region.pk])

    get_confirm_cancel_url = get_success_url

    def perform(self, form):
        return services.submit_work_report(self.region, self.request.user, form.cleaned_data["version"])


class ReadsReport(OnWorkReport, ReadsEveryRegion):
    """The report's reading and downloads: the lead school's committee; the province once submitted (404 before:
    a draft is the lead's own, as another school's row is)."""

    def check_report(self) -> None:
        if not access.reads_work_report(self.request.user, self.region, self.report):
            raise Http404


class WorkReportReadView(ReadsReport, RegionPage):
    template_name = "region/work_report_read.html"

    def get_context_data(self, **kwargs):
        self.check_report()
        text, _version = work_report.current_work_report(self.region)
        return super().get_context_data(
            region=self.region,
            report=self.report,
            outline=work_report.outline(text),
            rows=summary_rows(self.region),
            **kwargs,
        )


class WorkReportPdfView(ReadsReport, View):
    def get(self, request, pk):
        self.check_report()
        try:
            content = work_report.build_pdf(self.region)
        except PdfUnavailable as refusal:
            messages.error(request, str(refusal))
            return redirect(self.region.get_work_report_url())
        response = HttpResponse(content, content_type="application/pdf")
        return attach(response, work_report.filename(self.region, "pdf"))


class WorkReportDocxView(ReadsReport, View):
    def get(self, request, pk):
        self.check_report()
        response = HttpResponse(
            work_report.build_docx(self.region),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        return attach(response, work_report.filename(self.region, "docx"))


class ReportsView(ReadsEveryRegion, RegionPage):
    """Every visible region with its report's state and its results in numbers (one query): the province's
    reading list, and the lead school's view of what it has sent."""

    template_name = "region/reports.html"

    def get_context_data(self, **kwargs):
        reviewed = Q(applications__status__in=[Status.REVIEWED, Status.PUBLISHED])
        regions = (
            access.visible_regions(self.request.user)
            .select_related("lead", "work_report__submitted_by")
            .annotate(
                applied=Count("applications", distinct=True),
                reviewed=Count("applications", filter=reviewed, distinct=True),
                balanced=Count("applications", filter=reviewed & Q(applications__balanced=True), distinct=True),
            )
            .order_by("-year", "code")
        )
        rows = []
        for region in regions:
            report = getattr(region, "work_report", None)
            rows.append(
                {
                    "region": region,
                    "report": report,
                    "readable": access.reads_work_report(self.request.user, region, report),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)
