"""The report list and one report: its page, its printout, its deletion and its workflow buttons."""

from django.shortcuts import get_object_or_404, render, resolve_url
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from colleges.access import (
    RoleRequiredMixin,
    ScopedViewMixin,
    authors,
    require,
    visible_colleges,
)
from colleges.forms import CollegeSearchForm
from core.keyset import DAYS, Keyset, bounded_count
from core.text import nest_quotes
from core.views import ActionView, page_of, restore_typing

from .. import services
from ..forms import DeleteDraftForm, EvidenceUploadForm, ReportFilterForm, TransitionForm
from ..models import ActivityReport, EvidenceKind
from ..workflow import WORKFLOW, can_delete

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
        dense = self.filter_form.dense_search(scope) if self.filter_form.is_bound else None
        page = NEWEST_ACTIVITY.page(
            reports,
            self.page_size,
            descending=True,
            older=older,
            newer=newer,
            rows=lambda rows: rows.for_list(),
            dense=dense,
        )
        # A term the window found a page of is common: its count reads the rows by the substring condition alone
        # (the same rows). Through the text index it would fetch an eighth of the table, and for a school of a
        # few colleges once per college (1.6 s instead of 66 ms at 168 schools; docs/performance.md).
        counted = dense.unfiltered.filter(dense.condition) if page.dense else reports
        return super().get_context_data(
            filter_form=self.filter_form,
            reports=page.rows,
            page=page,
            count=bounded_count(counted),
            querystring=self.filters,
            list_url=reverse("activities:list"),
            can_create=authors(self.access, self.access.college_id),
            **kwargs,
        )


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

    who_may = authors.who

    def has_permission(self):
        return authors(self.access, self.report.college_id)

    def state_problem(self):
        if not WORKFLOW.can_edit(self.report.status, self.access, self.report.college_id):
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
            actions=WORKFLOW.available(report.status, access, college_id),
            can_edit=WORKFLOW.can_edit(report.status, access, college_id),
            can_delete=can_delete(report.status, access, college_id),
            upload_form=EvidenceUploadForm(),
            # A return or reopen refused (the report moved on meanwhile) brings its reason back here.
            transition_form=restore_typing(
                self.request,
                TransitionForm(initial={"version": report.version}),
                reverse("activities:transition", args=[report.pk]),
            ),
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


class ReportDeleteView(ReportMixin, ActionView):
    """The draft's delete page asks first; its button deletes the draft at the version it was shown."""

    http_method_names = ["get", "post"]
    form_class = DeleteDraftForm
    deleted = False

    def has_permission(self):
        return can_delete(self.report.status, self.access, self.report.college_id)

    def get(self, request, *args, **kwargs):
        form = DeleteDraftForm(initial={"version": self.report.version})
        return render(request, "activities/report_confirm_delete.html", {"report": self.report, "form": form})

    def perform(self, form):
        services.delete_draft(self.report, self.request.user, form.cleaned_data["version"])
        self.deleted = True

    def get_success_message(self):
        return _("The draft “%(title)s” has been deleted.") % {"title": nest_quotes(self.report.title)}

    def get_success_url(self):
        return reverse("activities:list") if self.deleted else self.report.get_absolute_url()


def back(request, fallback) -> str:
    """Where a button sends the user back to: the page it was pressed on (`next`), if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(fallback)


class TransitionView(ReportMixin, ActionView):
    """Submit, approve, return or reopen: the workflow rule decides, the service claims the row."""

    form_class = TransitionForm

    def has_permission(self):
        return authors(self.access, self.report.college_id)

    def perform(self, form):
        self.action = action = form.cleaned_data["action"]
        # A user who may never take this action here is refused outright; one who may, but not from the
        # report's current status (a double click, a stale page), is told what happened instead.
        require(WORKFLOW.may_ever(action, self.access, self.report.college_id))
        return services.transition(
            self.report, self.request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
        )

    def get_success_message(self):
        return DONE_MESSAGES[self.action] % {"title": nest_quotes(self.result.title)}

    def get_success_url(self):
        return back(self.request, self.report)


DONE_MESSAGES = {
    "submit": gettext_lazy("“%(title)s” has been submitted for review."),
    "approve": gettext_lazy("“%(title)s” has been approved."),
    "return": gettext_lazy("“%(title)s” has been returned to the college with your reason."),
    "reopen": gettext_lazy("“%(title)s” has been reopened and returned to the college."),
    "withdraw": gettext_lazy("“%(title)s” has been withdrawn and is a draft again."),
}
