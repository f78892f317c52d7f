"""The report's form page: its fields, and beside them its photos and files, added with the same Save."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from colleges.access import ScopedViewMixin, authors, college_for_page, reviews, visible_colleges
from core.uploads import MAX_FILE_BYTES
from core.views import FormPage

from .. import services
from ..forms import EvidenceUploadForm, ReportForm
from .reports import AuthorRequiredMixin, choose_college_context, report_content


class ReportFormPage(FormPage):
    """The page is one multipart form, so that a secretary fills in the report and chooses its files without leaving
    it; a file that is refused keeps the report unsaved and says why, next to the form."""

    form_class = ReportForm
    template_name = "activities/report_form.html"
    stored = ()

    @cached_property
    def upload_form(self):
        if self.request.method == "POST":
            return EvidenceUploadForm(self.request.POST, self.request.FILES, optional=True)
        return EvidenceUploadForm(optional=True)

    def get_context_data(self, **kwargs):
        report = self.get_instance()
        content = report_content(report) if report is not None else {"photos": [], "documents": []}
        return super().get_context_data(
            object=report,
            upload_form=self.upload_form,
            photos=content["photos"],
            documents=content["documents"],
            file_count=len(content["photos"]) + len(content["documents"]),
            max_file_bytes=MAX_FILE_BYTES,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid() and self.upload_form.is_valid():
            return self.form_valid(form)
        for error in self.upload_form.errors.get("files", []):
            form.add_error(None, error)
        return self.form_invalid(form)

    @property
    def files(self) -> list:
        return self.upload_form.cleaned_data["files"]


class ReportCreateView(ScopedViewMixin, ReportFormPage):
    page_title = gettext_lazy("New activity report")

    def get_scoped_object(self):
        """The college the report is for: the secretary's own, or the one staff chose (None: not chosen yet)."""
        return college_for_page(self.request, visible_colleges(self.request.user))

    @property
    def college(self):
        return self.scoped_object

    def has_permission(self):
        if self.college is None:
            return reviews(self.access)
        return authors(self.access, self.college.pk)

    def get(self, request, *args, **kwargs):
        if self.college is None:
            # Staff report on a college's behalf: ask which one first.
            return render(request, "activities/choose_college.html", choose_college_context(request))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.college is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("activities:list")

    def perform(self, form):
        report, self.stored = services.create_report_with_evidence(
            form.save(commit=False), self.request.user, form.cleaned_data["members"], self.files
        )
        return report

    def get_success_message(self):
        if self.stored:
            return _(
                "The report has been saved as a draft with %(count)d files. Check it, then submit it for review."
            ) % {"count": len(self.stored)}
        return _("The report has been saved as a draft. Add photos and files, then submit it for review.")


class ReportUpdateView(AuthorRequiredMixin, ReportFormPage):
    page_title = gettext_lazy("Edit activity report")

    def get_instance(self):
        return self.report

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.report.college}

    def perform(self, form):
        report, self.stored = services.update_report_with_evidence(
            form.save(commit=False),
            self.request.user,
            form.cleaned_data.get("version") or 0,
            form.cleaned_data["members"],
            self.files,
        )
        return report

    def get_success_message(self):
        if self.stored:
            return _("The report has been saved with %(count)d new files.") % {"count": len(self.stored)}
        return _("The report has been saved.")
