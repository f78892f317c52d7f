"""A report's evidence: adding and removing files, and the only way files leave the server."""

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from core.files import sandboxed, serve
from core.views import ActionView

from .. import evidence_zip, services
from ..forms import EvidenceUploadForm
from .reports import AuthorRequiredMixin, ReportMixin, back


class EvidenceUploadView(AuthorRequiredMixin, ActionView):
    """Adds files to a report from its page or its form page (`next`), and goes back there."""

    form_class = EvidenceUploadForm

    def perform(self, form):
        return services.add_evidence(self.report, self.request.user, form.cleaned_data["files"])

    def get_success_message(self):
        return _("%(count)d files added.") % {"count": len(self.result)}

    def get_success_url(self):
        return back(self.request, self.report)


class EvidenceMixin(ReportMixin):
    @cached_property
    def evidence(self):
        return get_object_or_404(self.report.evidence, pk=self.kwargs["evidence_pk"])


class EvidenceDownloadView(EvidenceMixin, View):
    """Files leave the server only through here, after the report's visibility has been checked.

    Photos and PDFs show in the browser (a PDF in a frame of the report's page, or on its own), inside a CSP
    sandbox that runs no script and reaches nothing; `?download=1` saves them instead. Other documents download."""

    thumbnail = False

    def get(self, request, *args, **kwargs):
        evidence = self.evidence
        if self.thumbnail:
            response = serve(
                evidence.thumbnail, filename=evidence.original_name, content_type="image/jpeg", inline=True
            )
        else:
            inline = evidence.previews_inline and not request.GET.get("download")
            response = evidence.serve(inline=inline)
        return sandboxed(response)


class EvidenceZipView(ReportMixin, View):
    """Every photo and document of a report in one zip, for whoever may see the report."""

    def get(self, request, *args, **kwargs):
        return evidence_zip.zip_response(self.report, list(self.report.evidence.all()))


class EvidenceDeleteView(EvidenceMixin, AuthorRequiredMixin, ActionView):
    # The remove buttons post no version: removing a file takes effect at once, whatever else changed.
    form_class = forms.Form

    def perform(self, form):
        services.remove_evidence(self.evidence, self.request.user)

    def get_success_message(self):
        return _("“%(name)s” has been removed.") % {"name": self.evidence.original_name}

    def get_success_url(self):
        return back(self.request, self.report)
