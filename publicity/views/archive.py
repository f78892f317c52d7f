"""The year's archive: asking for a build (made in the background), its progress, the finished file, and the check of
an archive someone uploads against its own manifest (the same check as `manage.py verify_archive`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from core.files import serve
from core.uploads import safe_display_name
from core.views import JobStatusView

from .. import archive, tasks
from ..access import sees_archive
from ..forms import ArchiveCheckForm
from ..models import ArchiveState, YearArchive
from .base import PublicityMixin


class ArchiveView(PublicityMixin, View):
    """Build the year's archive (in the background) and download the finished builds."""

    def has_permission(self):
        return sees_archive(self.access)

    def render_page(self, year: int, **context):
        return render(
            self.request,
            "publicity/archive.html",
            {
                "year": year,
                "builds": YearArchive.objects.filter(year=year).select_related("requested_by")[:20],
                "sections": list(archive.SECTIONS.values()),
                "check_form": ArchiveCheckForm(),
                **context,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(kwargs["year"])

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


class ArchiveCheckView(ArchiveView):
    """Check an uploaded archive against its own manifest and show, on the archive page, which files match and
    which are missing, changed, unreadable or not listed. Nothing is stored: the upload is read during the request
    (from Django's temporary file when it is large, which goes with the request) and the answer is the page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ArchiveCheckForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(kwargs["year"], check_form=form)
        uploaded = form.cleaned_data["archive"]
        return self.render_page(
            kwargs["year"],
            check_form=ArchiveCheckForm(),
            checked=archive.check(uploaded),
            checked_name=safe_display_name(uploaded.name),
        )


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
