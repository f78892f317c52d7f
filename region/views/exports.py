"""The review summary's background builds (评议汇总表): asking for one, its progress, its download; and the region
work report, drafted from the data, edited by the lead and downloaded for the province."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from core.files import attach, serve
from core.views import FormPage, JobStatusView

from .. import access, services, summary, tasks
from ..forms import WorkReportForm
from ..models import ExportFormat, ExportState, SummaryExport
from .base import LeadsRegion, OnRegion, ReadsEveryRegion, RegionView


class ExportRequestView(OnRegion, RegionView, View):
    http_method_names = ["post"]

    def has_permission(self) -> bool:
        return access.leads(self.access)

    def post(self, request, pk):
        export_format = request.POST.get("format")
        if export_format not in ExportFormat.values:
            messages.error(request, _("Choose the xlsx or PDF format."))
        else:
            tasks.request_summary(self.region, export_format, request.user)
            messages.success(request, _("The review summary is being built; this page shows its progress."))
        return redirect("region:round", self.region.pk)


class OnExport(RegionView, View):
    def has_permission(self):
        return access.reads_every_region(self.access)

    def get_scoped_object(self):
        return get_object_or_404(
            SummaryExport.objects.filter(region__in=access.visible_regions(self.request.user)).select_related(
                "region"
            ),
            pk=self.kwargs["pk"],
        )


class ExportStatusView(OnExport, JobStatusView):
    def get_job(self):
        return self.scoped_object


class ExportDownloadView(OnExport):
    def get(self, request, pk):
        export = self.scoped_object
        if export.state != ExportState.DONE:
            raise Http404
        content_type = (
            "application/pdf"
            if export.format == ExportFormat.PDF
            else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        return serve(export.file, filename=export.filename, content_type=content_type, inline=False)


class WorkReportView(OnRegion, LeadsRegion, FormPage):
    creates = False  # it edits the region's one work report, whose version stops a second sending
    template_name = "region/work_report.html"
    form_class = WorkReportForm
    success_message = gettext_lazy("The work report has been saved.")

    def get_initial(self):
        text, version = summary.current_work_report(self.region)
        return {"text": text} if version is None else {"text": text, "version": version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(region=self.region, **kwargs)

    def perform(self, form):
        return services.save_work_report(
            self.region, self.request.user, form.cleaned_data["text"], form.cleaned_data["version"]
        )

    def get_success_url(self):
        return reverse("region:work_report", args=[self.region.pk])


class WorkReportDownloadView(OnRegion, ReadsEveryRegion, View):
    def get(self, request, pk):
        text, _version = summary.current_work_report(self.region)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        attach(
            response,
            _("%(year)s-%(region)s-work-report.txt") % {"year": self.region.year, "region": self.region.code},
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
