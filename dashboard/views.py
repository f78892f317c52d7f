import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import RedirectView, TemplateView

from activities.models import ActivityReport, Status
from care import figures as care_figures
from colleges.access import (
    DASHBOARD_ROLES,
    EveryCollegeReaderMixin,
    RoleRequiredMixin,
    ScopedViewMixin,
    access_for,
    acts_for_own_college,
    dashboard_colleges,
    home_view_name,
    reads_school_dashboard,
    reads_without_changing,
    uses_school_pages,
    visible_colleges,
)
from colleges.models import BrandProject, College, CommitteeMember
from core.cache import cached
from core.files import serve
from core.keyset import bounded_count
from core.views import JobStatusView
from plans.models import WorkPlan, WorkPoint, WorkPointStatus
from plans.progress import progress_for_plan
from scoring.assessments import result_visible_to
from scoring.models import Assessment
from surveys import figures as survey_figures
from talkroom import figures as talk_figures

from . import figures, tasks
from .models import AnnualExport, ExportFormat, ExportState


class HomeView(View):
    """Each role's home: the party office reads the dashboard, staff the work overview, a secretary their college.

    A user without a role sees a page that says so (403) rather than an error, so this view does not take the
    scoped-view mixin's refusal.
    """

    def get(self, request):
        access = access_for(request.user)
        if not access.has_role:
            return render(request, "dashboard/no_role.html", status=403)
        if not uses_school_pages(access):
            # The roles outside the school's own have their home in their app (its AppConfig.home_pages).
            home = home_view_name(access)
            if home:
                return redirect(home)
            return render(request, "dashboard/no_role.html", status=403)
        if reads_without_changing(access):
            return redirect("dashboard:latest")
        # What waits for the person in every app is the template's `{% todo_list %}` (core.todos).
        plan = WorkPlan.objects.first()  # the newest year
        context = {"plan": plan, "progress": progress_for_plan(plan) if plan else []}
        if acts_for_own_college(access):
            context |= secretary_home(request.user, plan)
            return render(request, "dashboard/home_secretary.html", context)
        if plan is not None:
            points = WorkPoint.objects.filter(section__plan=plan)
            context["status_summary"] = points.status_summary()
            context["open_points"] = (
                points.with_progress()
                .exclude(progress=WorkPointStatus.DONE)
                .select_related("section__plan")
                .order_by("section__number", "order")
            )
            context["lagging"] = figures.lagging_colleges(plan.year)
        return render(request, "dashboard/home_overview.html", context)


def secretary_home(user, plan) -> dict:
    """The secretary's college at a glance: its reports with the committee, its members and its brand project (what
    waits for the secretary is the to-do list)."""
    college_id = access_for(user).college_id
    active_members = CommitteeMember.objects.filter(college_id=college_id, active=True)
    return {
        "college": College.objects.get(pk=college_id),
        "submitted": bounded_count(ActivityReport.objects.filter(college_id=college_id, status=Status.SUBMITTED)),
        "member_count": active_members.count(),
        "elder_count": active_members.exclude(elder_kind="").count(),
        "brand_project": BrandProject.objects.filter(college_id=college_id, year=plan.year).first() if plan else None,
    }


class LatestView(RoleRequiredMixin, RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        years = figures.available_years()
        if not years:
            raise Http404
        return reverse("dashboard:year", args=[years[0]])


class SchoolDashboardMixin(EveryCollegeReaderMixin):
    """The school-wide figures belong to those who see every college; a secretary is sent to their own."""

    def dispatch(self, request, *args, **kwargs):
        if acts_for_own_college(access_for(request.user)):
            college = visible_colleges(request.user).get()
            return redirect("dashboard:college", kwargs["year"], college.code)
        return super().dispatch(request, *args, **kwargs)


COLLEGES_PER_PAGE = 30
MAX_QUERY_LENGTH = 50


def college_search(request) -> tuple[str, int]:
    """The college table's search term and page number, as the GET form sent them (anything else: none, page 1)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = request.GET.get("page", "")
    return query, int(page) if page.isdigit() and 0 < len(page) < 7 else 1


class DashboardView(SchoolDashboardMixin, TemplateView):
    template_name = "dashboard/dashboard.html"
    # The province's officers read the school they chose too (province's overview), and change nothing here.
    roles = DASHBOARD_ROLES

    def has_permission(self) -> bool:
        return reads_school_dashboard(self.access)

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        query, page = college_search(self.request)
        # The figures part is the same for every reader: rendered once per generation of the data, for each page
        # and search of the college table.
        digest = hashlib.sha256(query.encode()).hexdigest()[:16]
        # Links lead to the school's own pages (scoring, plan, reports), which only its roles open: the province's
        # officers read the figures without them rather than follow a link to a 403.
        linked = uses_school_pages(self.access)
        main = cached(
            f"dashboard:html:{year}:{page}:{digest}:{int(linked)}",
            lambda: render_to_string("dashboard/_school.html", school_context(year, query, page, linked)),
        )
        years = sorted({*figures.available_years(), year}, reverse=True)  # the year shown is always offered
        return super().get_context_data(years=years, main=main, **kwargs)


def matching_colleges(rows: list[dict], query: str) -> list[dict]:
    """The college rows whose name, short name or code contains the term (case-insensitive), in the school's order."""
    term = query.casefold()
    if not term:
        return rows
    return [r for r in rows if term in r["name"].casefold() or term in r["short_name"].casefold() or term in r["code"]]


def school_context(year: int, query: str = "", page: int = 1, linked: bool = True) -> dict:
    """The school's figures, with one page of the college table (a province has thousands of colleges)."""
    colleges = Paginator(matching_colleges(figures.college_rows(year), query), COLLEGES_PER_PAGE).get_page(page)
    shown = {row["code"] for row in colleges}
    return {
        "year": year,
        "share": figures.balanced(year),
        "colleges": colleges,
        "college_query": query,
        "college_querystring": urlencode({"q": query}) if query else "",
        "targets": figures.targets(year),
        "participation": figures.participation(year),
        "months": month_rows(year, linked=linked),
        "kinds": kind_rows(year, linked=linked),
        # The bars of the colleges on this page of the table, not of every college.
        "by_college": [
            {"label": name, "count": count, "link": reverse("dashboard:college", args=[year, code])}
            for code, name, count in figures.by_college(year)
            if code in shown
        ],
        "latest": figures.latest_activities(year),
        # The care board's figures (counts only), through its one hook.
        "care": care_figures.school_summary(year),
        "talk": talk_figures.school_summary(year),
        "surveys": survey_figures.school_summary(year),
        "linked": linked,
    }


def month_rows(year: int, college=None, linked: bool = True) -> list[dict]:
    """The approved reports by month, each bar linked to the report list it counts for those who open it."""
    return [
        {
            "label": pgettext("month of the year", "%(month)d month") % {"month": month},
            "count": count,
            "link": reports_url(year, month, None, college) if linked else None,
        }
        for month, count in figures.by_month(year, college.code if college else None)
    ]


def kind_rows(year: int, college=None, linked: bool = True) -> list[dict]:
    return [
        {"label": name, "count": count, "link": reports_url(year, None, kind, college) if linked else None}
        for kind, name, count in figures.by_kind(year, college.code if college else None)
    ]


def reports_url(year: int, month: int | None = None, kind: int | None = None, college=None) -> str:
    """The report list filtered to what a figure counts: approved reports of the year (and month, kind…)."""
    first, last = figures.month_range(year, month) if month else (f"{year}-01-01", f"{year}-12-31")
    query = f"status=approved&date_from={first}&date_to={last}"
    if kind:
        query += f"&kind={kind}"
    if college:
        query += f"&college={college.pk}"
    return f"{reverse('activities:list')}?{query}"


class CollegeDashboardView(ScopedViewMixin, TemplateView):
    """One college's own figures: its activities by month and kind, its assessment, its latest reports."""

    template_name = "dashboard/college.html"
    roles = DASHBOARD_ROLES

    @cached_property
    def college(self):
        code = self.kwargs["code"]
        return get_object_or_404(dashboard_colleges(self.request.user), code=code)

    def get_scoped_object(self):
        return self.college

    def get_context_data(self, **kwargs):
        year, college = self.kwargs["year"], self.college
        linked = uses_school_pages(self.access)  # the province reads the figures; the school's pages are its roles'
        row = next((r for r in figures.college_rows(year) if r["code"] == college.code), None)
        assessment = Assessment.objects.filter(scheme__year=year, college=college).select_related("scheme").first()
        return super().get_context_data(
            college=college,
            row=row,
            assessment=assessment,
            show_result=bool(assessment and result_visible_to(self.request.user, assessment)),
            months=month_rows(year, college, linked),
            kinds=kind_rows(year, college, linked),
            latest=figures.latest_activities(year, college.code),
            participation=figures.participation(year, college.code),
            surveys=survey_figures.college_summary(year, college.pk),
            reports_link=f"{reverse('activities:list')}?college={college.pk}",
            **kwargs,
        )


class DownloadsView(SchoolDashboardMixin, View):
    """Ask for the annual summary; it is built in the background and offered here when ready.

    Asking for a summary changes nothing in the portal's data, so the read-only party office may do it.
    """

    template_name = "dashboard/downloads.html"

    def get(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        exports = AnnualExport.objects.filter(year=year).select_related("requested_by")[:20]
        return render(request, self.template_name, {"year": year, "exports": exports, "formats": ExportFormat})

    def post(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        export_format = request.POST.get("format")
        if export_format not in ExportFormat.values:
            messages.error(request, _("Choose the workbook or the PDF."))
            return redirect("dashboard:downloads", year)
        _export, outcome = tasks.request_export(year, export_format, request.user)
        if outcome == "building":
            messages.info(request, _("This summary is already being built; it will appear below when ready."))
        elif outcome == "restarted":
            messages.info(request, _("The earlier build of this summary had stopped; it is being built again."))
        else:
            messages.success(request, _("The summary is being built; this page shows its progress."))
        return redirect("dashboard:downloads", year)


class ExportMixin(EveryCollegeReaderMixin):
    @cached_property
    def export(self):
        return get_object_or_404(AnnualExport, pk=self.kwargs["pk"])


class ExportStatusView(ExportMixin, JobStatusView):
    def get_job(self):
        return self.export


class ExportFileView(ExportMixin, View):
    def get(self, request, *args, **kwargs):
        export = self.export
        if export.state != ExportState.DONE:
            raise Http404
        content_type = {
            ExportFormat.PDF: "application/pdf",
            ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[export.format]
        return serve(export.file, filename=export.filename, content_type=content_type, inline=False)
