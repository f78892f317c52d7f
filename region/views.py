"""The region's pages. Each finds its object among what the user may see (404), then asks region.access whether
the user may do what the page does (403); writes go through region.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from colleges.access import ScopedViewMixin
from colleges.models import Role
from core.files import serve
from core.forms import VersionForm
from core.text import fmt
from core.views import JobStatusView

from . import access, services, summary, tasks, workflow
from .forms import (
    ActionForm,
    ApplicationForm,
    CommentForm,
    IndicatorForm,
    MeetingForm,
    ModerateForm,
    PostForm,
    ReassignForm,
    RegionForm,
    ResultForm,
    ReviewForm,
    RoundForm,
    SchemeForm,
    UploadForm,
    WorkReportForm,
)
from .models import (
    Action,
    Application,
    ApplicationScore,
    Assignment,
    AssignmentStatus,
    ExportFormat,
    ExportState,
    Meeting,
    Post,
    Region,
    ReviewRound,
    ReviewScore,
    SchoolIndicator,
    SchoolScheme,
    Status,
    SummaryExport,
    WorkReport,
)


class RegionView(ScopedViewMixin, View):
    """A page of the region: open to the region's roles; `lead_only` pages change things and are the lead's."""

    roles = access.REGION_ROLES
    lead_only = False

    def has_permission(self) -> bool:
        return access.leads(self.access) if self.lead_only else True

    def render(self, template: str, **context):
        return render(self.request, f"region/{template}", {"is_lead": access.leads(self.access), **context})


class OnRegion(RegionView):
    def get_scoped_object(self):
        return get_object_or_404(access.visible_regions(self.request.user), pk=self.kwargs["pk"])

    @property
    def region(self) -> Region:
        return self.scoped_object


def _uploaded_files(request) -> list | None:
    """The files of an upload form, checked; None once the reasons for refusing them are shown."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("files", []):
            messages.error(request, error)
        return None
    return form.cleaned_data["files"]


# ── home and region ─────────────────────────────────────────────────────────────────────────────────────────────


class HomeView(RegionView):
    def get(self, request):
        user = request.user
        return self.render(
            "home.html",
            regions=access.visible_regions(user).select_related("lead"),
            applications=access.visible_applications(user).filter(institution_id=access.member_school(user))
            if self.access.role == Role.REGION_CONTACT
            else [],
            assignments=access.visible_assignments(user).filter(reviewer=user)
            if self.access.role == Role.REGION_REVIEWER
            else [],
        )


class RegionDetailView(OnRegion):
    def get(self, request, pk):
        applications = access.visible_applications(request.user).filter(region=self.region)
        return self.render(
            "region_detail.html",
            region=self.region,
            members=self.region.members.all(),
            applications=applications,
            review_round=ReviewRound.objects.filter(region=self.region).first(),
            meetings=access.visible_meetings(request.user).filter(region=self.region)[:5],
            posts=access.visible_posts(request.user).filter(region=self.region)[:5],
            reads_all=access.reads_every_region(self.access),
        )


class OpenApplicationsView(OnRegion):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        count = services.open_applications(self.region, request.user)
        messages.success(request, _("%(count)d applications opened.") % {"count": count})
        return redirect(self.region)


# ── the scheme ──────────────────────────────────────────────────────────────────────────────────────────────────


class SchemeView(OnRegion):
    def get(self, request, pk):
        scheme = SchoolScheme.objects.filter(region=self.region).prefetch_related("indicators").first()
        return self.render(
            "scheme.html",
            region=self.region,
            scheme=scheme,
            locked=scheme is not None and services.scheme_is_locked(scheme),
        )


class SchemeEditView(OnRegion):
    lead_only = True

    @cached_property
    def scheme(self):
        return get_object_or_404(SchoolScheme, region=self.region)

    def _page(self, form):
        return render(
            self.request,
            "form_page.html",
            {
                "form": form,
                "page_title": _("Edit the scheme"),
                "cancel_url": reverse("region:scheme", args=[self.region.pk]),
            },
        )

    def get(self, request, pk):
        return self._page(SchemeForm(instance=self.scheme, initial={"version": self.scheme.version}))

    def post(self, request, pk):
        form = SchemeForm(request.POST, instance=self.scheme)
        if not form.is_valid():
            return self._page(form)
        try:
            services.update_scheme(form.instance, request.user, form.cleaned_data["version"])
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("The scheme has been saved."))
        return redirect("region:scheme", self.region.pk)


class RegionEditView(OnRegion):
    lead_only = True

    def _page(self, form):
        return render(
            self.request,
            "form_page.html",
            {"form": form, "page_title": _("Edit the region"), "cancel_url": self.region.get_absolute_url()},
        )

    def get(self, request, pk):
        return self._page(RegionForm(instance=self.region))

    def post(self, request, pk):
        form = RegionForm(request.POST, instance=self.region)
        if not form.is_valid():
            return self._page(form)
        services.update_region(form.instance, request.user)
        messages.success(request, _("The region has been saved."))
        return redirect(self.region)


class IndicatorEditView(RegionView):
    lead_only = True

    def get_scoped_object(self):
        return get_object_or_404(
            SchoolIndicator.objects.select_related("scheme__region").filter(
                scheme__region__in=access.visible_regions(self.request.user)
            ),
            pk=self.kwargs["pk"],
        )

    def _page(self, form):
        return render(
            self.request,
            "form_page.html",
            {
                "form": form,
                "page_title": _("Edit indicator %(code)s") % {"code": self.scoped_object.code},
                "cancel_url": reverse("region:scheme", args=[self.scoped_object.scheme.region_id]),
            },
        )

    def get(self, request, pk):
        indicator = self.scoped_object
        return self._page(IndicatorForm(instance=indicator, initial={"version": indicator.scheme.version}))

    def post(self, request, pk):
        indicator = self.scoped_object
        form = IndicatorForm(request.POST, instance=indicator)
        if not form.is_valid():
            return self._page(form)
        try:
            services.update_indicator(form.instance, request.user, form.cleaned_data["version"])
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("The indicator has been saved."))
        return redirect("region:scheme", indicator.scheme.region_id)


# ── applications ────────────────────────────────────────────────────────────────────────────────────────────────


class OnApplication(RegionView):
    def get_scoped_object(self):
        return get_object_or_404(access.visible_applications(self.request.user), pk=self.kwargs["pk"])

    @property
    def application(self) -> Application:
        return self.scoped_object

    def state_problem(self):
        if getattr(self, "needs_editable", False) and self.application.status not in workflow.EDITABLE_STATUSES:
            return _("This application can no longer be edited in its current state.")
        return None


class ApplicationView(OnApplication):
    def get(self, request, pk):
        application = self.application
        user = request.user
        result = access.sees_result(user, application)
        return self.render(
            "application_detail.html",
            application=application,
            scores=application.scores.select_related("indicator"),
            files=application.files.all(),
            # The review's steps are the school's to see only once the result is published.
            events=application.events.select_related("actor").exclude(
                action__in=[] if result else [Action.RECORD_RESULT]
            ),
            can_edit=workflow.can_edit(user, application),
            actions=workflow.available_actions(user, application),
            sees_result=result,
            gaps=services.submission_gaps(application) if workflow.can_edit(user, application) else [],
            upload_form=UploadForm(),
        )


class ApplicationEditView(OnApplication):
    needs_editable = True

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def _page(self, form):
        return self.render("application_form.html", application=self.application, form=form)

    def _form(self, data=None):
        application = self.application
        scores = {s.indicator.code: s for s in application.scores.select_related("indicator")}
        initial = {
            "version": application.version,
            "report": application.report,
            "party_agreed_on": application.party_agreed_on,
        }
        for code, row in scores.items():
            initial[f"score_{code}"] = "" if row.self_score is None else fmt(row.self_score)
            initial[f"note_{code}"] = row.self_note
        indicators = SchoolIndicator.objects.filter(scheme__region_id=application.region_id)
        return ApplicationForm(data, initial=initial, indicators=indicators)

    def get(self, request, pk):
        return self._page(self._form())

    def post(self, request, pk):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            services.save_application(
                self.application,
                request.user,
                form.cleaned_data["version"],
                report=form.cleaned_data["report"],
                party_agreed_on=form.cleaned_data["party_agreed_on"],
                scores=form.scores(),
                notes=form.notes(),
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("The application has been saved."))
        return redirect(self.application)


class ApplicationActionView(OnApplication):
    http_method_names = ["post"]

    def has_permission(self):
        user = self.request.user
        return access.writes_application(user, self.application) or access.leads(self.access)

    def post(self, request, pk):
        form = ActionForm(request.POST)
        if not form.is_valid() or form.cleaned_data["action"] not in workflow.BUTTON_ACTIONS:
            messages.error(request, _("This action is not available for this application."))
            return redirect(self.application)
        try:
            services.transition(
                self.application,
                request.user,
                form.cleaned_data["action"],
                form.cleaned_data["comment"],
                form.cleaned_data["version"],
            )
        except services.RegionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Action(form.cleaned_data["action"]).label})
        return redirect(self.application)


class ApplicationUploadView(OnApplication):
    http_method_names = ["post"]

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def post(self, request, pk):
        checked = _uploaded_files(request)
        if checked:
            try:
                stored = services.add_files(self.application, request.user, checked)
            except services.RegionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(count)d files added.") % {"count": len(stored)})
        return redirect(self.application)


class ApplicationFileView(OnApplication):
    @cached_property
    def file(self):
        return get_object_or_404(self.application.files, pk=self.kwargs["file_pk"])

    def get(self, request, pk, file_pk):
        return self.file.serve()


class ApplicationFileDeleteView(ApplicationFileView):
    http_method_names = ["post"]

    def has_permission(self):
        return access.writes_application(self.request.user, self.application)

    def post(self, request, pk, file_pk):
        try:
            services.remove_file(self.file, request.user)
        except services.RegionError as error:
            messages.error(request, error.message)
        return redirect(self.application)


class ResultView(OnApplication):
    """The lead records the collective score per indicator and the review opinion."""

    lead_only = True

    def state_problem(self):
        if self.application.status not in {Status.UNDER_REVIEW, Status.REVIEWED}:
            return _("A result is recorded only for an application under review.")
        return None

    def _form(self, data=None):
        application = self.application
        initial = {"version": application.version, "opinion": application.opinion}
        rows = summary.consolidation(application.region)
        means = {}
        for row in rows:
            if row.application.pk == application.pk:
                means = {c.code: c for c in row.consolidated}
        for score in application.scores.select_related("indicator"):
            value = score.collective_score
            if value is None and means.get(score.indicator.code) and means[score.indicator.code].mean is not None:
                value = means[score.indicator.code].mean
            initial[f"score_{score.indicator.code}"] = "" if value is None else fmt(value)
        indicators = SchoolIndicator.objects.filter(scheme__region_id=application.region_id)
        return ResultForm(data, initial=initial, indicators=indicators), means

    def _page(self, form, means):
        return self.render("result_form.html", application=self.application, form=form, means=means)

    def get(self, request, pk):
        return self._page(*self._form())

    def post(self, request, pk):
        form, means = self._form(request.POST)
        if not form.is_valid():
            return self._page(form, means)
        try:
            services.record_result(
                self.application,
                request.user,
                form.cleaned_data["version"],
                form.scores(),
                form.cleaned_data["opinion"],
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form, means)
        messages.success(request, _("The collective result has been recorded."))
        return redirect(self.application)


# ── the review round ────────────────────────────────────────────────────────────────────────────────────────────


class RoundView(OnRegion):
    """The lead's view of the round: who has finished what, the consolidated scores and their flags."""

    def has_permission(self):
        return access.reads_every_region(self.access)

    def get(self, request, pk):
        round_ = ReviewRound.objects.filter(region=self.region).first()
        return self.render(
            "round.html",
            region=self.region,
            review_round=round_,
            progress=summary.reviewer_progress(self.region) if round_ else [],
            rows=summary.consolidation(self.region) if round_ else [],
            indicators=SchoolIndicator.objects.filter(scheme__region=self.region),
            exports=SummaryExport.objects.filter(region=self.region)[:6],
        )


class RoundOpenView(OnRegion):
    lead_only = True

    def state_problem(self):
        if ReviewRound.objects.filter(region=self.region).exists():
            return _("This region's review round has already been opened.")
        return None

    def _page(self, form):
        return render(
            self.request,
            "form_page.html",
            {"form": form, "page_title": _("Open the review round"), "cancel_url": self.region.get_absolute_url()},
        )

    def get(self, request, pk):
        return self._page(RoundForm(region=self.region))

    def post(self, request, pk):
        form = RoundForm(request.POST, region=self.region)
        if not form.is_valid():
            return self._page(form)
        try:
            services.open_round(
                self.region,
                request.user,
                deadline=form.cleaned_data["deadline"],
                panel=list(form.cleaned_data["panel"].select_related("membership")),
                disagreement_points=form.cleaned_data["disagreement_points"],
                reviewers_per_application=form.cleaned_data["reviewers_per_application"],
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("The review round is open and the applications are assigned."))
        return redirect("region:round", self.region.pk)


class OnAssignment(RegionView):
    def get_scoped_object(self):
        return get_object_or_404(
            access.visible_assignments(self.request.user).select_related("round"), pk=self.kwargs["pk"]
        )

    @property
    def assignment(self) -> Assignment:
        return self.scoped_object


class ReassignView(OnAssignment):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ReassignForm(request.POST, assignment=self.assignment)
        if not form.is_valid():
            messages.error(request, _("Choose a reviewer of the panel from another school."))
        else:
            try:
                services.reassign(
                    self.assignment, request.user, form.cleaned_data["reviewer"], form.cleaned_data["version"]
                )
            except services.RegionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The review has been reassigned."))
        return redirect("region:round", self.assignment.application.region_id)


class ReviewView(OnAssignment):
    """A reviewer's blind score sheet for one application; the others' scores appear once theirs is submitted."""

    def _form(self, data=None):
        assignment = self.assignment
        initial = {"version": assignment.version}
        for row in assignment.scores.select_related("indicator"):
            initial[f"score_{row.indicator.code}"] = "" if row.score is None else fmt(row.score)
            initial[f"note_{row.indicator.code}"] = row.comment
        indicators = SchoolIndicator.objects.filter(scheme__region_id=assignment.application.region_id)
        return ReviewForm(data, initial=initial, indicators=indicators)

    def _page(self, form):
        assignment = self.assignment
        user = self.request.user
        others = []
        if access.sees_others_scores(user, assignment):
            others = (
                ReviewScore.objects.filter(
                    assignment__application=assignment.application, assignment__status=AssignmentStatus.SUBMITTED
                )
                .exclude(assignment=assignment)
                .select_related("indicator", "assignment__reviewer")
            )
        application = assignment.application
        return self.render(
            "review.html",
            assignment=assignment,
            application=application,
            self_scores=ApplicationScore.objects.filter(application=application).select_related("indicator"),
            files=application.files.all(),
            form=form,
            own_scores=assignment.scores.select_related("indicator"),
            can_score=access.scores_assignment(user, assignment) and assignment.status == AssignmentStatus.PENDING,
            others=others,
            reassign_form=ReassignForm(assignment=assignment, initial={"version": assignment.version})
            if access.leads(self.access) and assignment.status == AssignmentStatus.PENDING
            else None,
        )

    def get(self, request, pk):
        return self._page(self._form())

    def post(self, request, pk):
        if not access.scores_assignment(request.user, self.assignment):
            raise PermissionDenied
        form = self._form(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            services.save_review(
                self.assignment,
                request.user,
                form.cleaned_data["version"],
                form.scores(),
                form.notes(),
                submit="submit" in request.POST,
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("Your review has been saved."))
        return redirect(self.assignment)


class ReviewFileView(OnAssignment):
    """A reviewer opens the evidence of the application they review (the application page is its school's)."""

    def get(self, request, pk, file_pk):
        return get_object_or_404(self.assignment.application.files, pk=file_pk).serve()


# ── reporting upward ────────────────────────────────────────────────────────────────────────────────────────────


class ExportRequestView(OnRegion):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        export_format = request.POST.get("format")
        if export_format not in ExportFormat.values:
            messages.error(request, _("Choose the xlsx or PDF format."))
        else:
            tasks.request_summary(self.region, export_format, request.user)
            messages.success(request, _("The review summary is being built; this page shows its progress."))
        return redirect("region:round", self.region.pk)


class OnExport(RegionView):
    def has_permission(self):
        return access.reads_every_region(self.access)

    def get_scoped_object(self):
        return get_object_or_404(
            SummaryExport.objects.filter(region__in=access.visible_regions(self.request.user)).select_related(
                "region"
            ),
            pk=self.kwargs["pk"],
        )


class ExportStatusView(OnExport, JobStatusView):
    def get_job(self):
        return self.scoped_object


class ExportDownloadView(OnExport):
    def get(self, request, pk):
        export = self.scoped_object
        if export.state != ExportState.DONE:
            raise Http404
        content_type = (
            "application/pdf"
            if export.format == ExportFormat.PDF
            else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        return serve(export.file, filename=export.filename, content_type=content_type, inline=False)


class WorkReportView(OnRegion):
    lead_only = True

    def _page(self, form):
        return self.render("work_report.html", region=self.region, form=form)

    def get(self, request, pk):
        report = WorkReport.objects.filter(region=self.region).first()
        initial = (
            {"text": report.text, "version": report.version}
            if report
            else {"text": summary.draft_work_report(self.region)}
        )
        return self._page(WorkReportForm(initial=initial))

    def post(self, request, pk):
        form = WorkReportForm(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            services.save_work_report(
                self.region, request.user, form.cleaned_data["text"], form.cleaned_data["version"]
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("The work report has been saved."))
        return redirect("region:work_report", self.region.pk)


class WorkReportDownloadView(OnRegion):
    def has_permission(self):
        return access.reads_every_region(self.access)

    def get(self, request, pk):
        report = WorkReport.objects.filter(region=self.region).first()
        text = report.text if report else summary.draft_work_report(self.region)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.region.year}-{self.region.code}-work-report.txt"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ── meetings ────────────────────────────────────────────────────────────────────────────────────────────────────


class MeetingListView(OnRegion):
    def get(self, request, pk):
        return self.render(
            "meeting_list.html",
            region=self.region,
            meetings=access.visible_meetings(request.user).filter(region=self.region),
        )


class MeetingFormView(RegionView):
    lead_only = True

    def _region_and_meeting(self):
        raise NotImplementedError

    def _page(self, form, title):
        return render(self.request, "form_page.html", {"form": form, "page_title": title, "cancel_url": self.cancel})

    def post(self, request, pk):
        region, meeting = self._region_and_meeting()
        form = MeetingForm(request.POST, instance=meeting, region=region)
        if not form.is_valid():
            return self._page(form, self.title)
        try:
            saved = services.save_meeting(form.instance, request.user, form.cleaned_data.get("version"))
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form, self.title)
        messages.success(request, _("The meeting has been saved."))
        return redirect(saved)

    def get(self, request, pk):
        region, meeting = self._region_and_meeting()
        return self._page(
            MeetingForm(instance=meeting, region=region, initial={"version": meeting.version}), self.title
        )


class MeetingCreateView(OnRegion, MeetingFormView):
    @property
    def title(self):
        return _("New region meeting or activity")

    @property
    def cancel(self):
        return reverse("region:meetings", args=[self.region.pk])

    def _region_and_meeting(self):
        return self.region, Meeting(region=self.region)


class OnMeeting(RegionView):
    def get_scoped_object(self):
        return get_object_or_404(access.visible_meetings(self.request.user), pk=self.kwargs["pk"])

    @property
    def meeting(self) -> Meeting:
        return self.scoped_object


class MeetingEditView(OnMeeting, MeetingFormView):
    @property
    def title(self):
        return _("Edit the meeting")

    @property
    def cancel(self):
        return self.meeting.get_absolute_url()

    def _region_and_meeting(self):
        return self.meeting.region, self.meeting


class MeetingView(OnMeeting):
    def get(self, request, pk):
        return self.render(
            "meeting_detail.html",
            meeting=self.meeting,
            attendance=self.meeting.attendance.select_related("institution"),
            files=self.meeting.files.all(),
            upload_form=UploadForm(),
        )


class MeetingAttendanceView(OnMeeting):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please reload the page and try again."))
            return redirect(self.meeting)
        rows = {}
        for row in self.meeting.attendance.all():
            rows[row.institution_id] = (
                request.POST.get(f"attended_{row.institution_id}") == "on",
                str(request.POST.get(f"attendees_{row.institution_id}", ""))[:200],
            )
        try:
            services.save_attendance(self.meeting, request.user, form.cleaned_data["version"], rows)
        except services.RegionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The attendance has been saved."))
        return redirect(self.meeting)


class MeetingUploadView(OnMeeting):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        checked = _uploaded_files(request)
        if checked:
            try:
                services.add_meeting_files(self.meeting, request.user, checked)
            except services.RegionError as error:
                messages.error(request, error.message)
        return redirect(self.meeting)


class MeetingFileView(OnMeeting):
    def get(self, request, pk, file_pk):
        return get_object_or_404(self.meeting.files, pk=file_pk).serve()


# ── the exchange board ──────────────────────────────────────────────────────────────────────────────────────────


class BoardView(OnRegion):
    def get(self, request, pk):
        return self.render(
            "board.html",
            region=self.region,
            posts=access.visible_posts(request.user).filter(region=self.region),
            can_post=access.posts_on(request.user, self.region),
        )


class PostCreateView(OnRegion):
    def has_permission(self):
        return access.posts_on(self.request.user, self.region)

    def _page(self, form):
        return render(
            self.request,
            "region/post_form.html",
            {"form": form, "page_title": _("New post"), "cancel_url": reverse("region:board", args=[self.region.pk])},
        )

    def get(self, request, pk):
        return self._page(PostForm())

    def post(self, request, pk):
        form = PostForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(form)
        checked = form.cleaned_data.get("files") or []
        try:
            post = services.create_post(
                self.region, request.user, form.cleaned_data["title"], form.cleaned_data["body"], checked
            )
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        messages.success(request, _("Your post is on the board."))
        return redirect(post)


class OnPost(RegionView):
    def get_scoped_object(self):
        return get_object_or_404(access.visible_posts(self.request.user), pk=self.kwargs["pk"])

    @property
    def post_(self) -> Post:
        return self.scoped_object


class PostView(OnPost):
    def _page(self, form):
        post = self.post_
        return self.render(
            "post_detail.html",
            post=post,
            files=post.files.all(),
            comments=post.comments.select_related("author", "institution"),
            form=form if access.posts_on(self.request.user, post.region) else None,
        )

    def get(self, request, pk):
        return self._page(CommentForm())

    def post(self, request, pk):
        if not access.posts_on(request.user, self.post_.region):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            services.add_comment(self.post_, request.user, form.cleaned_data["body"])
        except services.RegionError as error:
            messages.error(request, error.message)
            return self._page(form)
        return redirect(self.post_)


class PostModerateView(OnPost):
    lead_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ModerateForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            options = {
                "pin": {"pinned": True},
                "unpin": {"pinned": False},
                "remove": {"removed": True},
                "restore": {"removed": False},
            }[action]
            try:
                services.moderate(self.post_, request.user, form.cleaned_data["version"], **options)
            except services.RegionError as error:
                messages.error(request, error.message)
        return redirect("region:board", self.post_.region_id)


class PostFileView(OnPost):
    def get(self, request, pk, file_pk):
        return get_object_or_404(self.post_.files, pk=file_pk).serve()
