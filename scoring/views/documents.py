"""Evidence documents beside an indicator of the self-assessment: added from the assessment's page, and the only
way they leave the server."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from core.files import sandboxed
from core.views import ActionView

from .. import assessments
from ..forms import DocumentUploadForm
from ..models import AssessmentDocument
from .assessment import AssessmentMixin


class DocumentUploadView(AssessmentMixin, ActionView):
    """Evidence documents for one indicator of the self-assessment, checked like report evidence."""

    def has_permission(self):
        return self.may_author()

    def get_form(self):
        return DocumentUploadForm(self.request.POST, self.request.FILES, scores=assessments.scores_of(self.assessment))

    def perform(self, form):
        return assessments.add_documents(form.cleaned_data["score"], self.request.user, form.cleaned_data["files"])

    def get_success_message(self):
        return _("%(count)d files added.") % {"count": len(self.result)}


class DocumentDownloadView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            AssessmentDocument, score__assessment=self.assessment, pk=self.kwargs["document_pk"]
        )
        # Photos and PDFs show in the browser, sandboxed like report evidence; `?download=1` saves them.
        inline = document.content_type.startswith("image/") or document.content_type == "application/pdf"
        return sandboxed(document.serve(inline=inline and not request.GET.get("download")))
