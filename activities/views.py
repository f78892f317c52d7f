from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.edit import CreateView, DeleteView, UpdateView

from colleges.access import (
    ManagerRequiredMixin,
    RoleRequiredMixin,
    ScopedViewMixin,
    authors,
    get_visible_college,
    require,
    reviews,
    visible_colleges,
)
from colleges.forms import CollegeSearchForm
from core.files import sandboxed, serve
from core.jobs import JobState
from core.keyset import DAYS, Keyset, bounded_count
from core.text import nest_quotes
from core.uploads import MAX_FILE_BYTES
from core.views import FormPageMixin, JobStatusView, page_of
from core.xlsx import XLSX_CONTENT_TYPE

from . import evidence_zip, services, tasks, workflow
from .export import reports_workbook_response
from .forms import ActivityKindForm, DeleteDraftForm, EvidenceUploadForm, ReportFilterForm, ReportForm, TransitionForm
from .models import ActivityKind, ActivityReport, EvidenceKind, ReportExport

# The report list's order (ActivityReport.Meta.ordering): the newest activity first, then the newest id.
NEWEST_ACTIVITY = Keyset("starts_on", DAYS)
PAGE_CURSORS = ("older", "newer")
CHOOSE_PER_PAGE = 30


class ReportListView(RoleRequiredMixin, TemplateView):
    """Every report the user may see, filtered, newest activity first; a secretary sees their own college's.

    Pages are cut by keyset on (starts_on, id) and the total is counted only up to a bound (core.keyset), so
    that the list costs the same at the millionth report as at the first, and the evidence count of for_list
    runs for the shown rows only."""

    template_name = "activities/report_list.html"
    page_size = 25

    @cached_property
    def filters(self) -> str:
        """The query string of the filters alone, without a page cursor: what every page link carries."""
        data = self.request.GET.copy()
        for cursor in PAGE_CURSORS:
            data.pop(cursor, None)
        return data.urlencode()

    @cached_property
    def filter_form(self):
        data = self.request.GET.copy()
        for cursor in PAGE_CURSORS:
            data.pop(cursor, None)
        return ReportFilterForm(data or None, colleges=visible_colleges(self.request.user))

    def filtered(self):
        reports = ActivityReport.objects.visible_to(self.request.user)
        return self.filter_form.filter(reports) if self.filter_form.is_bound else reports

    def get_queryset(self):
        return self.filtered().for_list()

    def get_context_data(self, **kwargs):
        reports = self.filtered()
        older = NEWEST_ACTIVITY.decode(self.request.GET.get("older"))
        newer = NEWEST_ACTIVITY.decode(self.request.GET.get("newer")) if older is None else None
        scope = ActivityReport.objects.visible_to(self.request.user)
        page = NEWEST_ACTIVITY.page(
            reports,
            self.page_size,
            descending=True,
            older=older,
            newer=newer,
            rows=lambda rows: rows.for_list(),
            dense=self.filter_form.dense_search(scope) if self.filter_form.is_bound else None,
        )
        return super().get_context_data(
            filter_form=self.filter_form,
            reports=page.rows,
            page=page,
            count=bounded_count(reports),
            querystring=self.filters,
            list_url=reverse("activities:list"),
            can_create=authors(self.access, self.access.college_id),
            **kwargs,
        )


class ReportExportView(ReportListView):
    """The filtered list as a workbook: at once when it is small, otherwise built in the background.

    Whether it is small is decided by counting at most GKW_EXPORT_DIRECT_ROWS + 1 rows, so the decision costs the
    same however many reports match.
    """

    def get(self, request, *args, **kwargs):
        reports = self.get_queryset()
        limit = settings.GKW_EXPORT_DIRECT_ROWS
        if reports.order_by().values("pk")[: limit + 1].count() <= limit:
            return reports_workbook_response(reports)
        # Only the filter's own fields, as they validated (an invalid filter matches nothing and never gets here).
        query = QueryDict(mutable=True)
        for name in self.filter_form.fields:
            query.setlist(name, request.GET.getlist(name))
        college_id = None if self.access.sees_every_college else self.access.college_id
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
        if job.state != JobState.DONE or not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)


def choose_college_context(request) -> dict:
    """A page of the colleges staff may file for, searchable by name or code (a province has thousands)."""
    search = CollegeSearchForm(request.GET)
    colleges = search.filter(visible_colleges(request.user).only("code", "name").order_by("order", "code"))
    page, querystring = page_of(request, colleges, CHOOSE_PER_PAGE)
    return {"colleges": page.object_list, "page_obj": page, "querystring": querystring, "search": search}


class ReportMixin(ScopedViewMixin):
    """Views about one report: another college's report is a 404 before anything else is considered."""

    @cached_property
    def report(self):
        return get_object_or_404(
            ActivityReport.objects.visible_to(self.request.user).select_related("college", "kind"),
            pk=self.kwargs["pk"],
        )

    def get_scoped_object(self):
        return self.report


class AuthorRequiredMixin(ReportMixin):
    """Writes to a report's content: its college's authors only (403 otherwise), while the report is editable."""

    def has_permission(self):
        return authors(self.access, self.report.college_id)

    def state_problem(self):
        if not workflow.can_edit(self.report.status, self.access, self.report.college_id):
            return _("This report is “%(status)s” and cannot be changed now.") % {
                "status": self.report.get_status_display()
            }
        return None


def report_content(report: ActivityReport) -> dict:
    """What every page that shows a report's content needs: its photos and documents apart, and its members."""
    evidence = list(report.evidence.all())
    return {
        "photos": [e for e in evidence if e.kind == EvidenceKind.PHOTO],
        "documents": [e for e in evidence if e.kind == EvidenceKind.DOCUMENT],
        "members": report.members.all(),
    }


class ReportDetailView(ReportMixin, DetailView):
    template_name = "activities/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return self.report

    def get_context_data(self, **kwargs):
        report = self.object
        access, college_id = self.access, report.college_id
        return super().get_context_data(
            **report_content(report),
            events=report.events.select_related("actor"),
            actions=workflow.available_actions(report.status, access, college_id),
            can_edit=workflow.can_edit(report.status, access, college_id),
            can_delete=workflow.can_delete(report.status, access, college_id),
            upload_form=EvidenceUploadForm(),
            transition_form=TransitionForm(initial={"version": report.version}),
            **kwargs,
        )


class ReportPrintView(ReportMixin, DetailView):
    """One report on paper: its content, photos, files and review history, without the portal around it."""

    template_name = "activities/report_print.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return self.report

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            **report_content(report),
            events=report.events.select_related("actor"),
            **kwargs,
        )


class ReportFormMixin(FormPageMixin):
    """The report's form page: its fields, and beside them its photos and files, added with the same Save.

    The page is one multipart form, so that a secretary fills in the report and chooses its files without leaving
    it; a file that is refused keeps the report unsaved and says why, next to the form."""

    form_class = ReportForm
    template_name = "activities/report_form.html"

    @cached_property
    def upload_form(self):
        if self.request.method == "POST":
            return EvidenceUploadForm(self.request.POST, self.request.FILES, optional=True)
        return EvidenceUploadForm(optional=True)

    def get_context_data(self, **kwargs):
        report = getattr(self, "object", None)
        content = report_content(report) if report is not None and report.pk else {"photos": [], "documents": []}
        return super().get_context_data(
            upload_form=self.upload_form,
            photos=content["photos"],
            documents=content["documents"],
            file_count=len(content["photos"]) + len(content["documents"]),
            max_file_bytes=MAX_FILE_BYTES,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid() and self.upload_form.is_valid():
            return self.form_valid(form)
        for error in self.upload_form.errors.get("files", []):
            form.add_error(None, error)
        if self.request.FILES.getlist("files"):
            # A browser never fills a file input again: say so, rather than let the files seem attached.
            form.add_error(None, _("The files you chose were not saved with the report; choose them again."))
        return self.form_invalid(form)

    def save_with_files(self, form, save) -> list | None:
        """Check the chosen files (before any transaction: re-encoding a photo takes time), then run `save()` and
        store them in one transaction; None (errors on the form, nothing saved) if anything is refused."""
        checked = self.upload_form.cleaned_data["files"]
        try:
            with transaction.atomic():
                report = save()
                stored = services.add_evidence(report, self.request.user, checked) if checked else []
        except services.WorkflowError as error:
            form.add_error(None, error.message)
            return None
        self.object = report
        return stored


class ReportCreateView(ScopedViewMixin, ReportFormMixin, CreateView):
    page_title = gettext_lazy("New activity report")

    def get_object(self):
        return None

    def get_scoped_object(self):
        """The college the report is for: the secretary's own, or the one staff chose (None: not chosen yet)."""
        code = self.request.GET.get("college")
        if code:
            return get_visible_college(self.request.user, code)
        colleges = list(visible_colleges(self.request.user)[:2])
        return colleges[0] if len(colleges) == 1 else None

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

    def form_valid(self, form):
        stored = self.save_with_files(
            form,
            lambda: services.create_report(form.save(commit=False), self.request.user, form.cleaned_data["members"]),
        )
        if stored is None:
            return self.form_invalid(form)
        if stored:
            messages.success(
                self.request,
                _("The report has been saved as a draft with %(count)d files. Check it, then submit it for review.")
                % {"count": len(stored)},
            )
        else:
            messages.success(
                self.request,
                _("The report has been saved as a draft. Add photos and files, then submit it for review."),
            )
        return redirect(self.object)


class ReportUpdateView(AuthorRequiredMixin, ReportFormMixin, UpdateView):
    page_title = gettext_lazy("Edit activity report")

    def get_object(self, queryset=None):
        return self.report

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.report.college}

    def get_cancel_url(self):
        return self.report.get_absolute_url()

    def form_valid(self, form):
        stored = self.save_with_files(
            form,
            lambda: services.update_report(
                form.save(commit=False),
                self.request.user,
                form.cleaned_data.get("version") or 0,
                members=form.cleaned_data["members"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        if stored:
            messages.success(
                self.request, _("The report has been saved with %(count)d new files.") % {"count": len(stored)}
            )
        else:
            messages.success(self.request, _("The report has been saved."))
        return redirect(self.report)


class ReportDeleteView(ReportMixin, DeleteView):
    template_name = "activities/report_confirm_delete.html"
    context_object_name = "report"
    form_class = DeleteDraftForm

    def has_permission(self):
        return workflow.can_delete(self.report.status, self.access, self.report.college_id)

    def get_object(self, queryset=None):
        return self.report

    def get_initial(self):
        return {"version": self.report.version}

    def form_valid(self, form):
        title = self.report.title
        try:
            services.delete_draft(self.report, self.request.user, form.cleaned_data["version"])
        except services.WorkflowError as error:
            messages.error(self.request, error.message)
            return redirect(self.report)
        messages.success(self.request, _("The draft “%(title)s” has been deleted.") % {"title": nest_quotes(title)})
        return redirect("activities:list")

    def form_invalid(self, form):
        messages.error(self.request, _("The request was incomplete; nothing was changed. Please try again."))
        return redirect(self.report)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


class TransitionView(ReportMixin, View):
    """Submit, approve, return or reopen: the workflow rule decides, the service claims the row."""

    http_method_names = ["post"]

    def has_permission(self):
        return authors(self.access, self.report.college_id)

    def post(self, request, *args, **kwargs):
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect(self.report)
        action = form.cleaned_data["action"]
        # A user who may never take this action here is refused outright; one who may, but not from the
        # report's current status (a double click, a stale page), is told what happened instead.
        require(workflow.may_ever(action, self.access, self.report.college_id))
        try:
            report = services.transition(
                self.report, request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
            )
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return _back(request, self.report)
        messages.success(request, DONE_MESSAGES[action] % {"title": nest_quotes(report.title)})
        return _back(request, report)


DONE_MESSAGES = {
    "submit": gettext_lazy("“%(title)s” has been submitted for review."),
    "approve": gettext_lazy("“%(title)s” has been approved."),
    "return": gettext_lazy("“%(title)s” has been returned to the college with your reason."),
    "reopen": gettext_lazy("“%(title)s” has been reopened and returned to the college."),
    "withdraw": gettext_lazy("“%(title)s” has been withdrawn and is a draft again."),
}


class EvidenceUploadView(AuthorRequiredMixin, View):
    """Adds files to a report from its page or its form page (`next`), and goes back there."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = EvidenceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("files", []):
                messages.error(request, error)
            return _back(request, self.report)
        try:
            stored = services.add_evidence(self.report, request.user, form.cleaned_data["files"])
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return _back(request, self.report)
        messages.success(request, _("%(count)d files added.") % {"count": len(stored)})
        return _back(request, self.report)


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


class EvidenceDeleteView(EvidenceMixin, AuthorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        name = self.evidence.original_name
        try:
            services.remove_evidence(self.evidence, request.user)
        except services.WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
        return _back(request, self.report)


class KindListView(RoleRequiredMixin, ListView):
    template_name = "activities/kind_list.html"
    context_object_name = "kinds"
    queryset = ActivityKind.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=reviews(self.access), **kwargs)


class KindCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    model = ActivityKind
    form_class = ActivityKindForm
    page_title = gettext_lazy("New activity kind")
    success_message = gettext_lazy("The activity kind has been saved.")

    def get_success_url(self):
        return reverse("activities:kinds")


class KindUpdateView(ManagerRequiredMixin, FormPageMixin, UpdateView):
    model = ActivityKind
    form_class = ActivityKindForm
    page_title = gettext_lazy("Edit activity kind")
    success_message = gettext_lazy("The activity kind has been saved.")

    def get_success_url(self):
        return reverse("activities:kinds")
