"""Region meetings and activities: the list, a meeting's page, the lead's edits, attendance and attachments."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import View

from core.views import ActionView, FormPage, restore_typing

from .. import access, services
from ..forms import AttendanceForm, MeetingForm, UploadForm
from ..models import Meeting
from .base import LeadsRegion, OnMeeting, OnRegion, RegionPage, RegionView


class MeetingListView(OnRegion, RegionPage):
    template_name = "region/meeting_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            region=self.region,
            meetings=access.visible_meetings(self.request.user).filter(region=self.region),
            **kwargs,
        )


class MeetingFormPage(LeadsRegion, FormPage):
    """A new meeting of the region, or an edit of one: the lead's."""

    form_class = MeetingForm
    success_message = gettext_lazy("The meeting has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.get_instance().region}

    def get_initial(self):
        return {"version": self.get_instance().version}

    def perform(self, form):
        return services.save_meeting(form.instance, self.request.user, form.cleaned_data.get("version"))


class MeetingCreateView(OnRegion, MeetingFormPage):
    page_title = gettext_lazy("New region meeting or activity")

    @cached_property
    def new_meeting(self) -> Meeting:
        return Meeting(region=self.region)

    def get_instance(self):
        return self.new_meeting

    def get_cancel_url(self):
        return reverse("region:meetings", args=[self.region.pk])


class MeetingEditView(OnMeeting, MeetingFormPage):
    page_title = gettext_lazy("Edit the meeting")

    def get_instance(self):
        return self.meeting


class MeetingView(OnMeeting, RegionPage):
    template_name = "region/meeting_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            attendance=self.attendance_rows(),
            files=self.meeting.files.all(),
            upload_form=UploadForm(),
            **kwargs,
        )

    def attendance_rows(self) -> list:
        """Each school's attendance as saved, or as typed when a save was refused (the meeting changed meanwhile):
        the refused attendance comes back for the lead to save again (core.views.restore_typing)."""
        rows = list(self.meeting.attendance.select_related("institution"))
        action = reverse("region:meeting_attendance", args=[self.meeting.pk])
        typed = restore_typing(self.request, AttendanceForm(meeting=self.meeting), action).initial
        if typed:
            for row in rows:
                row.attended = bool(typed.get(f"attended_{row.institution_id}"))
                row.attendees = typed.get(f"attendees_{row.institution_id}", "")
        return rows


class MeetingAttendanceView(OnMeeting, LeadsRegion, ActionView):
    success_message = gettext_lazy("The attendance has been saved.")

    def get_form(self):
        return AttendanceForm(self.request.POST, meeting=self.meeting)

    def perform(self, form):
        return services.save_attendance(self.meeting, self.request.user, form.cleaned_data["version"], form.rows())


class MeetingUploadView(OnMeeting, LeadsRegion, ActionView):
    form_class = UploadForm

    def perform(self, form):
        return services.add_meeting_files(self.meeting, self.request.user, form.cleaned_data["files"])


class MeetingFileView(OnMeeting, RegionView, View):
    def get(self, request, pk, file_pk):
        return get_object_or_404(self.meeting.files, pk=file_pk).serve()
