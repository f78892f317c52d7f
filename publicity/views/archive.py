"""The year's archive: asking for a build (made in the background), its progress, and the finished file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from core.files import serve
from core.views import JobStatusView

from .. import archive, tasks
from ..access import sees_archive
from ..models import ArchiveState, YearArchive
from .base import PublicityMixin


class ArchiveView(PublicityMixin, View):
    """Build the year's archive (in the background) and download the finished builds."""

    def has_permission(self):
        return sees_archive(self.access)

    def get(self, request, *args, **kwargs):
        year = kwargs["year"]
        return render(
            request,
            "publicity/archive.html",
            {
                "year": year,
                "builds": YearArchive.objects.filter(year=year).select_related("requested_by")[:20],
                "sections": list(archive.SECTIONS.values()),
            },
        )

    def post(self, request, *args, **kwargs):
        year = kwargs["year"]
        _row, outcome = tasks.request_archive(year, request.user)
        if outcome == "building":
            messages.info(request, _("This archive is already being built; it will appear below when ready."))
        elif outcome == "restarted":
            messages.info(request, _("The earlier build had stopped; it is being built again."))
        else:
            messages.success(request, _("The archive is being built; this page shows its progress."))
        return redirect("publicity:archive", year)


class ArchiveBuildMixin(PublicityMixin):
    def has_permission(self):
        return sees_archive(self.access)

    @cached_property
    def build(self):
        return get_object_or_404(YearArchive, pk=self.kwargs["pk"])


class ArchiveStatusView(ArchiveBuildMixin, JobStatusView):
    def get_job(self):
        return self.build


class ArchiveFileView(ArchiveBuildMixin, View):
    def get(self, request, *args, **kwargs):
        build = self.build
        if build.state != ArchiveState.DONE:
            raise Http404
        return serve(build.file, filename=build.filename, content_type="application/zip", inline=False)
