"""The review summary's background builds (评议汇总表): asking for one, its progress, its download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import View

from core.files import serve
from core.views import JobStatusView

from .. import access, tasks
from ..models import ExportFormat, ExportState, SummaryExport
from .base import OnRegion, RegionView


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
