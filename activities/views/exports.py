"""The report list's downloads: the filtered list as a workbook, at once or built in the background, and the
background build's page, status and file."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from colleges.access import RoleRequiredMixin, reads_every_college
from core.files import serve
from core.jobs import JobState
from core.views import JobStatusView
from core.xlsx import XLSX_CONTENT_TYPE

from .. import tasks
from ..export import filtered_year, reports_workbook_response
from ..models import ReportExport
from .reports import ReportListView


class ReportExportView(ReportListView):
    """The filtered list as a workbook: at once when it is small, otherwise built in the background.

    Whether it is small is decided by counting at most GKW_EXPORT_DIRECT_ROWS + 1 rows, so the decision costs the
    same however many reports match.
    """

    def get(self, request, *args, **kwargs):
        reports = self.get_queryset()
        limit = settings.GKW_EXPORT_DIRECT_ROWS
        if reports.order_by().values("pk")[: limit + 1].count() <= limit:
            return reports_workbook_response(reports, filtered_year(self.filter_form))
        # Only the filter's own fields, as they validated (an invalid filter matches nothing and never gets here).
        query = QueryDict(mutable=True)
        for name in self.filter_form.fields:
            query.setlist(name, request.GET.getlist(name))
        college_id = None if reads_every_college(self.access) else self.access.college_id
        job, outcome = tasks.request_report_export(request.user, query.urlencode(), college_id)
        if outcome == "building":
            messages.info(request, _("This export is already being built; this page shows its progress."))
        elif outcome == "restarted":
            messages.info(request, _("The earlier build of this export had stopped; it is being built again."))
        else:
            messages.success(
                request,
                _("More than %(limit)s reports match: the workbook is being built in the background.")
                % {"limit": limit},
            )
        return redirect(job)


class ReportExportJobMixin(RoleRequiredMixin):
    """A background export is seen by who asked for it (within their college) and by staff; 404 for anyone else."""

    @cached_property
    def job(self):
        return get_object_or_404(ReportExport.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class ReportExportJobView(ReportExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.job
        list_url = reverse("activities:list") + (f"?{job.query}" if job.query else "")
        return render(request, "activities/report_export.html", {"job": job, "list_url": list_url})


class ReportExportStatusView(ReportExportJobMixin, JobStatusView):
    def get_job(self):
        return self.job

    def download_url(self, job):
        return job.file_url


class ReportExportFileView(ReportExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.job
        if job.state != JobState.DONE:
            raise Http404
        return serve(job.file, filename=job.filename, content_type=XLSX_CONTENT_TYPE, inline=False)
