"""Meetings with their minutes, files and decisions, and the follow-up tasks the decisions give their owners."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.views import FormPage

from .. import lists
from ..access import manages, owns, scope_owned
from ..forms import DecisionForm, FilesForm, MeetingForm, TaskDoneForm
from ..models import FollowUpTask, Meeting, TaskStatus
from ..services import meetings
from .base import AddFilesView, CommitteeView, ManagerView


class MeetingListView(CommitteeView, TemplateView):
    template_name = "committee/meeting_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=lists.meetings_with_counts(self.request.user), can_manage=manages(self.access), **kwargs
        )


class MeetingCreateView(ManagerView, FormPage):
    form_class = MeetingForm
    page_title = pgettext_lazy("page", "New meeting")
    success_message = gettext_lazy("The meeting has been saved.")

    def get_cancel_url(self):
        return reverse("committee:meetings")

    def perform(self, form):
        data = form.cleaned_data
        return meetings.save_meeting(
            form.save(commit=False), self.request.user, data["colleges_present"], data["units_present"]
        )


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
        return super().get_context_data(
            meeting=meeting,
            decisions=lists.decisions_with_tasks(meeting, self.request.user),
            attachments=meeting.attachments.all(),
            colleges_present=meeting.colleges_present.all(),
            units_present=meeting.units_present.all(),
            can_manage=manages(self.access),
            files_form=FilesForm(),
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingEditView(MeetingMixin, FormPage):
    form_class = MeetingForm
    page_title = gettext_lazy("Edit meeting")
    success_message = gettext_lazy("The meeting has been saved.")

    def has_permission(self):
        return manages(self.access)

    def get_instance(self):
        return self.meeting

    def get_initial(self):
        return {"version": self.meeting.version}

    def perform(self, form):
        data = form.cleaned_data
        return meetings.save_meeting(
            form.save(commit=False),
            self.request.user,
            data["colleges_present"],
            data["units_present"],
            data.get("version") or 0,
        )


class MeetingFilesView(MeetingMixin, AddFilesView):
    def has_permission(self):
        return manages(self.access)

    def add_files(self, files):
        meetings.add_meeting_files(self.meeting, self.request.user, files)


class MeetingFileView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        return get_object_or_404(self.meeting.attachments, pk=self.kwargs["file_pk"]).serve()


class DecisionCreateView(MeetingMixin, FormPage):
    form_class = DecisionForm
    page_title = gettext_lazy("New decision")
    success_message = gettext_lazy("The decision has been recorded.")

    def has_permission(self):
        return manages(self.access)

    def get_cancel_url(self):
        return self.meeting.get_absolute_url()

    def get_success_url(self):
        return self.meeting.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        colleges, units = data["follow_up"]
        return meetings.add_decision(self.meeting, self.request.user, data["text"], colleges, units, data["due_on"])


class TaskListView(CommitteeView, TemplateView):
    """Follow-up tasks: every one for the school's readers, a college's or a unit's own for its people."""

    template_name = "committee/task_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status")
        today = timezone.localdate()
        rows = [
            (task, task.is_overdue(today), owns(self.access, task.college_id, task.unit_id))
            for task in lists.tasks_of(self.request.user, status)
        ]
        return super().get_context_data(rows=rows, status=status, statuses=TaskStatus.choices, **kwargs)


class TaskDoneView(CommitteeView, FormPage):
    form_class = TaskDoneForm
    page_title = gettext_lazy("Mark the task done")
    success_message = gettext_lazy("The task has been marked done.")

    @cached_property
    def task(self):
        tasks = scope_owned(FollowUpTask.objects.select_related("decision__meeting"), self.request.user)
        return get_object_or_404(tasks, pk=self.kwargs["pk"])

    @property
    def subtitle(self):
        return f"{self.task.decision.meeting.title}：{self.task.decision.text}"

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

    def get_success_url(self):
        return reverse("committee:tasks")

    def perform(self, form):
        return meetings.complete_task(
            self.task, self.request.user, form.cleaned_data["note"], form.cleaned_data["version"]
        )
