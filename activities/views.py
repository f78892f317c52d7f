from django.contrib import messages
from django.http import FileResponse, Http404
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
    access_for,
    get_visible_college,
    require,
    visible_colleges,
)
from colleges.views import FormPageMixin

from . import services, workflow
from .evidence import RejectedFile, check_upload
from .export import reports_workbook_response
from .forms import ActivityKindForm, EvidenceUploadForm, ReportFilterForm, ReportForm, TransitionForm
from .models import ActivityKind, ActivityReport, EvidenceKind, Status


def may_author(user) -> bool:
    return access_for(user).role in workflow.AUTHORS


class ReportListView(RoleRequiredMixin, ListView):
    """Every report the user may see, filtered; a secretary sees their own college's."""

    template_name = "activities/report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    @cached_property
    def filter_form(self):
        return ReportFilterForm(self.request.GET or None, colleges=visible_colleges(self.request.user))

    def get_queryset(self):
        reports = ActivityReport.objects.visible_to(self.request.user).for_list()
        return self.filter_form.filter(reports) if self.filter_form.is_bound else reports

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            querystring=query.urlencode(),
            can_create=may_author(self.request.user),
            **kwargs,
        )


class ReportExportView(ReportListView):
    def render_to_response(self, context, **response_kwargs):
        return reports_workbook_response(self.get_queryset().prefetch_related("members"))

    def get(self, request, *args, **kwargs):
        return self.render_to_response({})


class ReportMixin(RoleRequiredMixin):
    """Views about one report: another college's report is a 404 before anything else is considered."""

    @cached_property
    def report(self):
        return get_object_or_404(
            ActivityReport.objects.visible_to(self.request.user).select_related("college", "kind"),
            pk=self.kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            self.report  # noqa: B018 -- resolve (or 404) before any permission is weighed
        return super().dispatch(request, *args, **kwargs)


class AuthorRequiredMixin(ReportMixin):
    """Writes to a report's content: authors only (403 otherwise), and only while the report is editable."""

    def dispatch(self, request, *args, **kwargs):
        access = access_for(request.user)
        if access.has_role:
            self.report  # noqa: B018
            require(access.role in workflow.AUTHORS)
            if not workflow.can_edit(self.report.status, access.role):
                messages.error(
                    request,
                    _("This report is “%(status)s” and cannot be changed now.")
                    % {"status": self.report.get_status_display()},
                )
                return redirect(self.report)
        return super().dispatch(request, *args, **kwargs)


class ReportDetailView(ReportMixin, DetailView):
    template_name = "activities/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return self.report

    def get_context_data(self, **kwargs):
        report = self.object
        role = access_for(self.request.user).role
        evidence = list(report.evidence.all())
        return super().get_context_data(
            photos=[e for e in evidence if e.kind == EvidenceKind.PHOTO],
            documents=[e for e in evidence if e.kind == EvidenceKind.DOCUMENT],
            members=report.members.all(),
            events=report.events.select_related("actor"),
            actions=workflow.available_actions(report.status, role),
            can_edit=workflow.can_edit(report.status, role),
            can_delete=workflow.can_delete(report.status, role),
            upload_form=EvidenceUploadForm(),
            transition_form=TransitionForm(initial={"version": report.version}),
            **kwargs,
        )


class ReportCreateView(RoleRequiredMixin, FormPageMixin, CreateView):
    form_class = ReportForm
    page_title = gettext_lazy("New activity report")

    @cached_property
    def college(self):
        colleges = visible_colleges(self.request.user)
        code = self.request.GET.get("college")
        if code:
            return get_visible_college(self.request.user, code)
        return colleges.get() if colleges.count() == 1 else None

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            require(may_author(request.user))
            if self.college is None:
                # Staff report on a college's behalf: ask which one first.
                return render(request, "activities/choose_college.html", {"colleges": visible_colleges(request.user)})
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("activities:list")

    def form_valid(self, form):
        self.object = services.create_report(form.save(commit=False), self.request.user, form.cleaned_data["members"])
        messages.success(
            self.request, _("The report has been saved as a draft. Add photos and files, then submit it for review.")
        )
        return redirect(self.object)


class ReportUpdateView(AuthorRequiredMixin, FormPageMixin, UpdateView):
    form_class = ReportForm
    page_title = gettext_lazy("Edit activity report")

    def get_object(self, queryset=None):
        return self.report

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.report.college}

    def get_cancel_url(self):
        return self.report.get_absolute_url()

    def form_valid(self, form):
        try:
            services.update_report(form, self.request.user, form.cleaned_data.get("version") or 0)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The report has been saved."))
        return redirect(self.report)


class ReportDeleteView(ReportMixin, DeleteView):
    template_name = "activities/report_confirm_delete.html"
    context_object_name = "report"

    def dispatch(self, request, *args, **kwargs):
        access = access_for(request.user)
        if access.has_role:
            require(workflow.can_delete(self.report.status, access.role))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.report

    def form_valid(self, form):
        title = self.report.title
        services.delete_draft(self.report, self.request.user)
        messages.success(self.request, _("The draft “%(title)s” has been deleted.") % {"title": title})
        return redirect("activities:list")


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


class TransitionView(ReportMixin, View):
    """Submit, approve, return or reopen: the workflow rule decides, the service claims the row."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        require(access_for(request.user).role in workflow.AUTHORS)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect(self.report)
        action = form.cleaned_data["action"]
        # A role that may never take this action is refused outright; a role that may, but not from the
        # report's current status (a double click, a stale page), is told what happened instead.
        require(access_for(request.user).role in workflow.TRANSITIONS[action][2])
        try:
            report = services.transition(
                self.report, request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
            )
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return _back(request, self.report)
        messages.success(request, DONE_MESSAGES[action] % {"title": report.title})
        return _back(request, report)


DONE_MESSAGES = {
    "submit": gettext_lazy("“%(title)s” has been submitted for review."),
    "approve": gettext_lazy("“%(title)s” has been approved."),
    "return": gettext_lazy("“%(title)s” has been returned to the college with your reason."),
    "reopen": gettext_lazy("“%(title)s” has been reopened and returned to the college."),
}


class ReviewQueueView(ManagerRequiredMixin, TemplateView):
    """Submitted reports waiting for staff, oldest submission first."""

    template_name = "activities/review_queue.html"

    def get_context_data(self, **kwargs):
        queue = (
            ActivityReport.objects.visible_to(self.request.user)
            .for_list()
            .filter(status=Status.SUBMITTED)
            .order_by("submitted_at", "pk")
        )
        return super().get_context_data(queue=queue, review_actions=["approve", "return"], **kwargs)


class EvidenceUploadView(AuthorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = EvidenceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("files", []):
                messages.error(request, error)
            return redirect(self.report)
        checked, rejected = [], []
        for uploaded in form.cleaned_data["files"]:
            try:
                checked.append(check_upload(uploaded))
            except RejectedFile as error:
                rejected.append(error.message)
        if rejected:
            for message in rejected:
                messages.error(request, message)
            messages.warning(request, _("No file was added. Remove the rejected files and try again."))
            return redirect(self.report)
        try:
            stored = services.add_evidence(self.report, request.user, checked)
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return redirect(self.report)
        messages.success(request, _("%(count)d files added.") % {"count": len(stored)})
        return redirect(self.report)


class EvidenceMixin(ReportMixin):
    @cached_property
    def evidence(self):
        return get_object_or_404(self.report.evidence, pk=self.kwargs["evidence_pk"])


class EvidenceDownloadView(EvidenceMixin, View):
    """Files leave the server only through here, after the report's visibility has been checked."""

    thumbnail = False

    def get(self, request, *args, **kwargs):
        field_file = self.evidence.thumbnail if self.thumbnail else self.evidence.file
        if not field_file:
            raise Http404
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        as_attachment = self.evidence.kind == EvidenceKind.DOCUMENT and not self.thumbnail
        response = FileResponse(
            handle,
            as_attachment=as_attachment,
            filename=self.evidence.original_name,
            content_type="image/jpeg" if self.thumbnail else self.evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


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
        return redirect(self.report)


class KindListView(RoleRequiredMixin, ListView):
    template_name = "activities/kind_list.html"
    context_object_name = "kinds"
    queryset = ActivityKind.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=access_for(self.request.user).manages_everything, **kwargs)


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
