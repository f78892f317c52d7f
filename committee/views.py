"""The committee's own pages: notices, meetings and tasks, training, member units' duties and ratings.

Every view takes colleges.access.ScopedViewMixin through `CommitteeView`: the object is found among what the user
may see (404 otherwise), then the action is allowed or refused (403), as the rest of the portal does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from colleges.access import ScopedViewMixin, get_visible_college
from colleges.models import College, CommitteeMember, MemberUnit, Role
from core.forms import VersionForm
from core.text import nest_quotes
from plans.models import WorkPlan, default_year

from . import duties, home, services, workflow
from .access import (
    COMMITTEE_ROLES,
    authors_unit,
    manages,
    owns,
    reads_ratings,
    reads_unit,
    scope_owned,
    visible_notices,
)
from .export import ratings_workbook_response
from .forms import (
    AttendanceForm,
    DecisionForm,
    FilesForm,
    MeetingForm,
    NoticeEditForm,
    NoticeForm,
    RatingForm,
    ReplyForm,
    SessionForm,
    TaskDoneForm,
    TrainingForm,
    UnitReportForm,
    UnitTransitionForm,
)
from .models import (
    FollowUpTask,
    Meeting,
    RatingLevel,
    Receipt,
    ReplyFile,
    TaskStatus,
    TrainingClass,
    TrainingSession,
    UnitReport,
)

FORM_TEMPLATE = "committee/form.html"
INCOMPLETE = gettext_lazy("The request was incomplete; nothing was changed. Please try again.")


class CommitteeView(ScopedViewMixin):
    roles = COMMITTEE_ROLES

    def get_context_data(self, **kwargs):
        kwargs.setdefault("committee_year", default_year())
        return super().get_context_data(**kwargs)


class ManagerView(CommitteeView):
    def has_permission(self):
        return manages(self.access)


def add_posted_files(request, add) -> None:
    """Add the posted FilesForm's files through `add(files)` (a service); a message tells the user what happened.

    The caller redirects back to its object whatever the outcome."""
    form = FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("files", [INCOMPLETE]):
            messages.error(request, error)
        return
    files = form.cleaned_data["files"]
    try:
        add(files)
    except services.CommitteeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d files added.") % {"count": len(files)})


class CommitteeFormView(FormView):
    """The committee's form page (it takes files); `page_title` and `cancel_url` describe it."""

    template_name = FORM_TEMPLATE
    page_title = ""

    def get_cancel_url(self):
        return reverse("committee:notices")

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, cancel_url=self.get_cancel_url(), **kwargs)


# Notices --------------------------------------------------------------------------------------------------


class NoticeListView(CommitteeView, TemplateView):
    template_name = "committee/notice_list.html"

    def get_context_data(self, **kwargs):
        notices = visible_notices(self.request.user).annotate(
            recipients=Count("receipts"),
            read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
            replied=Count("receipts", filter=Q(receipts__replied_at__isnull=False)),
        )
        mine = {}
        if not self.access.sees_every_college:
            mine = {r.notice_id: r for r in scope_owned(Receipt.objects.all(), self.request.user)}
        rows = [(notice, mine.get(notice.pk)) for notice in notices[:200]]
        return super().get_context_data(
            rows=rows, can_manage=manages(self.access), today=timezone.localdate(), **kwargs
        )


class NoticeCreateView(ManagerView, CommitteeFormView):
    form_class = NoticeForm
    page_title = gettext_lazy("New notice")

    def form_valid(self, form):
        files = form.cleaned_data.get("files") or []
        try:
            notice = services.publish_notice(
                form.save(commit=False),
                self.request.user,
                form.cleaned_data["colleges"],
                form.cleaned_data["units"],
                files,
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The notice has been published and its recipients told."))
        return redirect(notice)


class NoticeMixin(CommitteeView):
    @cached_property
    def notice(self):
        return get_object_or_404(visible_notices(self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def receipt(self):
        """The user's own receipt of this notice (None for the school's readers)."""
        return (
            scope_owned(self.notice.receipts.all(), self.request.user).first()
            if not self.access.sees_every_college
            else None
        )

    def get_scoped_object(self):
        return self.notice


class NoticeDetailView(NoticeMixin, TemplateView):
    template_name = "committee/notice_detail.html"

    def get(self, request, *args, **kwargs):
        if self.receipt is not None and services.record_read(self.receipt, request.user):
            del self.receipt
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        notice = self.notice
        context = {"notice": notice, "attachments": notice.attachments.all(), "receipt": self.receipt}
        if self.access.sees_every_college:
            receipts = list(
                notice.receipts.select_related("college", "unit", "read_by", "replied_by").prefetch_related("files")
            )
            context |= {
                "receipts": receipts,
                "read_count": sum(1 for r in receipts if r.read_at),
                "replied_count": sum(1 for r in receipts if r.replied_at),
                "waiting_count": services.waiting_receipts(notice).count(),
                "can_manage": manages(self.access),
                "remind_form": VersionForm(initial={"version": notice.version}),
                "files_form": FilesForm(),
            }
        elif self.receipt is not None:
            context |= {
                "reply_files": self.receipt.files.all(),
                "reply_form": ReplyForm(initial={"version": self.receipt.version}),
            }
        return super().get_context_data(**context, **kwargs)


class NoticeEditView(NoticeMixin, CommitteeFormView):
    form_class = NoticeEditForm
    page_title = gettext_lazy("Edit notice")

    def has_permission(self):
        return manages(self.access)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.notice, "initial": {"version": self.notice.version}}

    def get_cancel_url(self):
        return self.notice.get_absolute_url()

    def form_valid(self, form):
        try:
            services.update_notice(form.save(commit=False), self.request.user, form.cleaned_data["version"])
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The notice has been saved."))
        return redirect(self.notice)


class NoticeRemindView(NoticeMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return manages(self.access)

    def post(self, request, *args, **kwargs):
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, INCOMPLETE)
            return redirect(self.notice)
        try:
            count = services.remind(self.notice, request.user, form.cleaned_data["version"])
        except services.CommitteeError as error:
            messages.error(request, error.message)
            return redirect(self.notice)
        if count:
            messages.success(request, _("%(count)d recipients have been reminded.") % {"count": count})
        else:
            messages.info(request, _("Every recipient has already done what the notice asks."))
        return redirect(self.notice)


class NoticeFilesView(NoticeMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return manages(self.access)

    def post(self, request, *args, **kwargs):
        add_posted_files(request, lambda files: services.add_notice_files(self.notice, request.user, files))
        return redirect(self.notice)


class NoticeReplyView(NoticeMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.receipt is not None and owns(self.access, self.receipt.college_id, self.receipt.unit_id)

    def post(self, request, *args, **kwargs):
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.notice)
        files = form.cleaned_data["files"] or []
        try:
            services.reply(self.receipt, request.user, form.cleaned_data["text"], files, form.cleaned_data["version"])
        except services.CommitteeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your reply has been sent."))
        return redirect(self.notice)


class NoticeFileView(NoticeMixin, View):
    def get(self, request, *args, **kwargs):
        return get_object_or_404(self.notice.attachments, pk=self.kwargs["file_pk"]).serve()


class ReplyFileView(NoticeMixin, View):
    """A reply's file: the school's readers and the recipient who sent it."""

    def get(self, request, *args, **kwargs):
        receipts = self.notice.receipts.all()
        if not self.access.sees_every_college:
            receipts = receipts.filter(pk=self.receipt.pk if self.receipt else None)
        return get_object_or_404(ReplyFile.objects.filter(receipt__in=receipts), pk=self.kwargs["file_pk"]).serve()


# Meetings and follow-up tasks ---------------------------------------------------------------------------------


class MeetingListView(CommitteeView, TemplateView):
    template_name = "committee/meeting_list.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.annotate(
            decision_count=Count("decisions", distinct=True),
            open_tasks=Count("decisions__tasks", filter=Q(decisions__tasks__status=TaskStatus.OPEN), distinct=True),
        )
        return super().get_context_data(meetings=meetings, can_manage=manages(self.access), **kwargs)


class MeetingFormMixin(CommitteeFormView):
    form_class = MeetingForm

    def get_cancel_url(self):
        return reverse("committee:meetings")


class MeetingCreateView(ManagerView, MeetingFormMixin):
    page_title = gettext_lazy("New meeting")

    def form_valid(self, form):
        meeting = services.save_meeting(
            form.save(commit=False),
            self.request.user,
            form.cleaned_data["colleges_present"],
            form.cleaned_data["units_present"],
        )
        messages.success(self.request, _("The meeting has been saved."))
        return redirect(meeting)


class MeetingMixin(CommitteeView):
    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.meeting


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "committee/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.meeting
        tasks = FollowUpTask.objects.select_related("college", "unit", "done_by")
        decisions = meeting.decisions.prefetch_related(Prefetch("tasks", queryset=tasks))
        return super().get_context_data(
            meeting=meeting,
            decisions=decisions,
            attachments=meeting.attachments.all(),
            colleges_present=meeting.colleges_present.all(),
            units_present=meeting.units_present.all(),
            can_manage=manages(self.access),
            files_form=FilesForm(),
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingEditView(MeetingMixin, MeetingFormMixin):
    page_title = gettext_lazy("Edit meeting")

    def has_permission(self):
        return manages(self.access)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting, "initial": {"version": self.meeting.version}}

    def get_cancel_url(self):
        return self.meeting.get_absolute_url()

    def form_valid(self, form):
        try:
            services.save_meeting(
                form.save(commit=False),
                self.request.user,
                form.cleaned_data["colleges_present"],
                form.cleaned_data["units_present"],
                form.cleaned_data.get("version") or 0,
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been saved."))
        return redirect(self.meeting)


class MeetingFilesView(MeetingMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return manages(self.access)

    def post(self, request, *args, **kwargs):
        add_posted_files(request, lambda files: services.add_meeting_files(self.meeting, request.user, files))
        return redirect(self.meeting)


class MeetingFileView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        return get_object_or_404(self.meeting.attachments, pk=self.kwargs["file_pk"]).serve()


class DecisionCreateView(MeetingMixin, CommitteeFormView):
    form_class = DecisionForm
    page_title = gettext_lazy("New decision")

    def has_permission(self):
        return manages(self.access)

    def get_cancel_url(self):
        return self.meeting.get_absolute_url()

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.add_decision(
                self.meeting, self.request.user, data["text"], data["colleges"], data["units"], data["due_on"]
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision has been recorded."))
        return redirect(self.meeting)


class TaskListView(CommitteeView, TemplateView):
    """Follow-up tasks: every one for the school's readers, a college's or a unit's own for its people."""

    template_name = "committee/task_list.html"

    def get_context_data(self, **kwargs):
        tasks = scope_owned(FollowUpTask.objects.all(), self.request.user).select_related(
            "decision__meeting", "college", "unit"
        )
        status = self.request.GET.get("status")
        if status in TaskStatus.values:
            tasks = tasks.filter(status=status)
        today = timezone.localdate()
        rows = [
            (task, task.is_overdue(today), owns(self.access, task.college_id, task.unit_id)) for task in tasks[:500]
        ]
        return super().get_context_data(rows=rows, status=status, statuses=TaskStatus.choices, **kwargs)


class TaskDoneView(CommitteeView, CommitteeFormView):
    form_class = TaskDoneForm
    page_title = gettext_lazy("Mark the task done")

    @cached_property
    def task(self):
        tasks = scope_owned(FollowUpTask.objects.select_related("decision__meeting"), self.request.user)
        return get_object_or_404(tasks, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.task

    def has_permission(self):
        return owns(self.access, self.task.college_id, self.task.unit_id)

    def state_problem(self):
        if self.task.status == TaskStatus.DONE:
            return _("This task is already done.")
        return None

    def get_initial(self):
        return {"version": self.task.version}

    def get_cancel_url(self):
        return reverse("committee:tasks")

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.task, **kwargs)

    def form_valid(self, form):
        try:
            services.complete_task(
                self.task, self.request.user, form.cleaned_data["note"], form.cleaned_data["version"]
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The task has been marked done."))
        return redirect("committee:tasks")


# Training ---------------------------------------------------------------------------------------------------


class TrainingListView(CommitteeView, TemplateView):
    template_name = "committee/training_list.html"
    roles = COMMITTEE_ROLES - {Role.UNIT_CONTACT}

    def get_context_data(self, **kwargs):
        trainings = TrainingClass.objects.annotate(
            session_count=Count("sessions", distinct=True), hours=Sum("sessions__hours")
        )
        college = College.objects.filter(pk=self.access.college_id).first() if self.access.is_secretary else None
        return super().get_context_data(
            trainings=trainings, can_manage=manages(self.access), own_college=college, **kwargs
        )


class TrainingFormMixin(CommitteeFormView):
    form_class = TrainingForm

    def get_cancel_url(self):
        return reverse("committee:trainings")


class TrainingCreateView(ManagerView, TrainingFormMixin):
    page_title = gettext_lazy("New training class")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def form_valid(self, form):
        training = services.save_training(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The training class has been saved. Add its sessions."))
        return redirect(training)


class TrainingMixin(CommitteeView):
    roles = COMMITTEE_ROLES - {Role.UNIT_CONTACT}

    @cached_property
    def training(self):
        return get_object_or_404(TrainingClass, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.training


class TrainingDetailView(TrainingMixin, TemplateView):
    """The class's sessions and who attended; each college's attendance (a secretary sees their own college)."""

    template_name = "committee/training_detail.html"

    def get_context_data(self, **kwargs):
        training = self.training
        members = CommitteeMember.objects.select_related("college")
        if not self.access.sees_every_college:
            members = members.filter(college_id=self.access.college_id)
        sessions = list(training.sessions.prefetch_related(Prefetch("attendees", queryset=members)))
        colleges = College.objects.active()
        if not self.access.sees_every_college:
            colleges = colleges.filter(pk=self.access.college_id)
        attended = {
            row["college_id"]: row
            for row in CommitteeMember.objects.filter(training_sessions__training=training)
            .values("college_id")
            .annotate(people=Count("pk", distinct=True), attendances=Count("training_sessions"))
        }
        by_college = [(college, attended.get(college.pk, {})) for college in colleges]
        return super().get_context_data(
            training=training,
            sessions=sessions,
            by_college=by_college,
            can_manage=manages(self.access),
            **kwargs,
        )


class TrainingEditView(TrainingMixin, TrainingFormMixin):
    page_title = gettext_lazy("Edit training class")

    def has_permission(self):
        return manages(self.access)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.training, "initial": {"version": self.training.version}}

    def get_cancel_url(self):
        return self.training.get_absolute_url()

    def form_valid(self, form):
        try:
            services.save_training(form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0)
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The training class has been saved."))
        return redirect(self.training)


class SessionCreateView(TrainingMixin, CommitteeFormView):
    form_class = SessionForm
    page_title = gettext_lazy("New session")

    def has_permission(self):
        return manages(self.access)

    def get_cancel_url(self):
        return self.training.get_absolute_url()

    def form_valid(self, form):
        services.add_session(self.training, self.request.user, form.save(commit=False))
        messages.success(self.request, _("The session has been added. Record who attended."))
        return redirect(self.training)


class AttendanceView(ManagerView, CommitteeFormView):
    form_class = AttendanceForm
    page_title = gettext_lazy("Attendance")

    @cached_property
    def session(self):
        return get_object_or_404(TrainingSession.objects.select_related("training"), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.session

    def get_initial(self):
        return {
            "version": self.session.version,
            "attendees": list(self.session.attendees.values_list("pk", flat=True)),
        }

    def get_cancel_url(self):
        return self.session.training.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(subtitle=str(self.session), **kwargs)

    def form_valid(self, form):
        try:
            services.record_attendance(
                self.session, self.request.user, list(form.cleaned_data["attendees"]), form.cleaned_data["version"]
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The attendance has been saved."))
        return redirect(self.session.training)


class CollegeTrainingView(CommitteeView, TemplateView):
    """A college's training record: each committee member's sessions and hours, class by class."""

    template_name = "committee/college_training.html"
    roles = COMMITTEE_ROLES - {Role.UNIT_CONTACT}

    def get_scoped_object(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_context_data(self, **kwargs):
        college = self.scoped_object
        sessions = TrainingSession.objects.select_related("training")
        members = (
            CommitteeMember.objects.filter(college=college)
            .annotate(hours=Sum("training_sessions__hours"), sessions_attended=Count("training_sessions"))
            .prefetch_related(Prefetch("training_sessions", queryset=sessions))
        )
        return super().get_context_data(college=college, members=members, **kwargs)


# Member units' duties, self-reports and ratings ------------------------------------------------------------------


def year_or_404(year) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


class RatingsView(CommitteeView, TemplateView):
    """How each member unit did in the year: for the party office, the quality office and staff."""

    template_name = "committee/unit_table.html"

    def has_permission(self):
        return reads_ratings(self.access)

    def get_context_data(self, **kwargs):
        year = year_or_404(self.kwargs["year"])
        rows = duties.ratings_table(year, timezone.localdate())
        kwargs.update(year=year, rows=rows, levels=RatingLevel.objects.all())
        return super().get_context_data(**kwargs)


class RatingsExportView(RatingsView):
    def get(self, request, *args, **kwargs):
        year = year_or_404(self.kwargs["year"])
        return ratings_workbook_response(year, duties.ratings_table(year, timezone.localdate()))


@dataclass(frozen=True)
class UnitYear:
    """A member unit's year: the object of the unit's pages, where a refused state sends the user back to."""

    unit: MemberUnit
    year: int

    def get_absolute_url(self):
        return reverse("committee:unit", args=[self.year, self.unit.pk])


class UnitMixin(CommitteeView):
    """Pages about one member unit's year: its contact sees only their own unit (another's is a 404)."""

    @cached_property
    def unit(self):
        unit = get_object_or_404(MemberUnit, pk=self.kwargs["unit"])
        # Another unit's contact is not told it exists (a secretary, who has no business here, is refused: 403).
        if self.access.role == Role.UNIT_CONTACT and not reads_unit(self.access, unit.pk):
            raise Http404
        return unit

    @cached_property
    def year(self):
        return year_or_404(self.kwargs["year"])

    @cached_property
    def report(self):
        return UnitReport.objects.filter(unit=self.unit, year=self.year).select_related("rating", "rated_by").first()

    def get_scoped_object(self):
        return UnitYear(self.unit, self.year)

    def has_permission(self):
        return reads_unit(self.access, self.unit.pk)

    def back(self):
        return redirect("committee:unit", self.year, self.unit.pk)


def unit_page_context(access, unit, year, report) -> dict:
    status = report.status if report else None
    return {
        "unit": unit,
        "year": year,
        "report": report,
        "duties": duties.duties_of(unit.pk, year),
        "files": report.files.all() if report else [],
        "tasks": FollowUpTask.objects.filter(unit=unit).select_related("decision__meeting")[:50],
        "today": timezone.localdate(),
        "can_edit": workflow.can_edit(status, access, unit.pk),
        "actions": workflow.available_actions(status, access, unit.pk),
        "can_rate": report is not None and workflow.can_transition("rate", status, access, unit.pk),
        "transition_form": UnitTransitionForm(initial={"version": report.version}) if report else None,
        "files_form": FilesForm(),
    }


class UnitDetailView(UnitMixin, TemplateView):
    template_name = "committee/unit_detail.html"

    def get_context_data(self, **kwargs):
        kwargs.update(unit_page_context(self.access, self.unit, self.year, self.report))
        return super().get_context_data(**kwargs)


class UnitReportEditView(UnitMixin, CommitteeFormView):
    form_class = UnitReportForm
    page_title = gettext_lazy("Self-report")

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def state_problem(self):
        if not workflow.can_edit(self.report.status if self.report else None, self.access, self.unit.pk):
            return _("This self-report is “%(status)s” and cannot be changed now.") % {
                "status": self.report.get_status_display()
            }
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.report or UnitReport(unit=self.unit, year=self.year)
        kwargs["initial"] = {"version": self.report.version if self.report else 0}
        return kwargs

    def get_cancel_url(self):
        return reverse("committee:unit", args=[self.year, self.unit.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(subtitle=f"{self.year} {self.unit.full_name or self.unit.name}", **kwargs)

    def form_valid(self, form):
        try:
            services.save_unit_report(
                self.unit,
                self.year,
                self.request.user,
                form.cleaned_data["text"],
                form.cleaned_data.get("version") or 0,
            )
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The self-report has been saved. Add evidence, then submit it."))
        return self.back()


class UnitTransitionView(UnitMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def post(self, request, *args, **kwargs):
        form = UnitTransitionForm(request.POST)
        if not form.is_valid() or self.report is None:
            messages.error(request, INCOMPLETE)
            return self.back()
        action = form.cleaned_data["action"]
        if not workflow.may_ever(action, self.access, self.unit.pk):
            raise PermissionDenied
        try:
            services.transition_unit_report(
                self.report, request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
            )
        except services.CommitteeError as error:
            messages.error(request, error.message)
        else:
            done = {"submit": _("The self-report has been submitted."), "return": _("The self-report was returned.")}
            messages.success(request, done[action])
        return self.back()


class UnitRateView(UnitMixin, CommitteeFormView):
    form_class = RatingForm
    page_title = gettext_lazy("Rate the member unit")

    def has_permission(self):
        return manages(self.access)

    def state_problem(self):
        status = self.report.status if self.report else None
        if not workflow.can_transition("rate", status, self.access, self.unit.pk):
            return _("Only a submitted self-report can be rated.")
        return None

    def get_initial(self):
        return {"version": self.report.version, "rating": self.report.rating_id, "comment": self.report.rating_comment}

    def get_cancel_url(self):
        return reverse("committee:unit", args=[self.year, self.unit.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(subtitle=f"{self.year} {self.unit.full_name or self.unit.name}", **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.rate_unit_report(self.report, self.request.user, data["rating"], data["comment"], data["version"])
        except services.CommitteeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The rating has been saved."))
        return self.back()


class UnitFilesView(UnitMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def post(self, request, *args, **kwargs):
        if self.report is None:
            messages.error(request, _("Write the self-report first, then add its evidence."))
            return self.back()
        add_posted_files(request, lambda files: services.add_unit_files(self.report, request.user, files))
        return self.back()


class UnitFileMixin(UnitMixin):
    @cached_property
    def stored(self):
        if self.report is None:
            raise Http404
        return get_object_or_404(self.report.files, pk=self.kwargs["file_pk"])


class UnitFileView(UnitFileMixin, View):
    def get(self, request, *args, **kwargs):
        return self.stored.serve()


class UnitFileDeleteView(UnitFileMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def post(self, request, *args, **kwargs):
        name = self.stored.original_name
        try:
            services.remove_unit_file(self.stored, request.user)
        except services.CommitteeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(name)s” has been removed.") % {"name": nest_quotes(name)})
        return self.back()


class UnitHomeView(CommitteeView, TemplateView):
    """A member unit's contact's home: the unit's duties of the year, its self-report, notices and tasks."""

    template_name = "committee/unit_home.html"
    roles = {Role.UNIT_CONTACT}

    def get_context_data(self, **kwargs):
        unit = get_object_or_404(MemberUnit, pk=self.access.member_unit_id)
        today = timezone.localdate()
        year = today.year
        plan_year = WorkPlan.objects.filter(year__lte=year).values_list("year", flat=True).first()
        year = plan_year or year
        report = UnitReport.objects.filter(unit=unit, year=year).select_related("rating").first()
        return super().get_context_data(
            unit=unit,
            year=year,
            report=report,
            duties=duties.duties_of(unit.pk, year),
            reads_ratings=reads_ratings(self.access),
            **home.inbox(self.request.user, today),
            **kwargs,
        )
