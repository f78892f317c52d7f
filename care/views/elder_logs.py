"""The college's side of what elders log: the list of records waiting for confirmation, and the buttons that confirm
one (it counts from then on) or return it with a reason (the elder reads it on their page)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.views import ActionView, restore_typing

from .. import access as care_access
from .. import queries, services
from ..access import confirms_logs
from ..forms import LogReviewForm
from ..models import CareSession, MentorMeeting
from ..workflow import CONFIRM_LOG, LOG_WORKFLOW, RETURN_LOG
from .common import CareViewMixin

REVIEW_URLS = {CareSession: "care:session_review", MentorMeeting: "care:meeting_review"}


class PendingLogsView(CareViewMixin, TemplateView):
    """The elders' records waiting for the college: each with its buttons for whoever confirms the college's
    records; the office reads the list."""

    template_name = "care/pending_logs.html"

    def get_context_data(self, **kwargs):
        waiting = queries.pending_logs(self.request.user)
        rows = []
        for record in [*waiting["sessions"], *waiting["meetings"]]:
            action = reverse(REVIEW_URLS[type(record)], args=[record.pk])
            rows.append(
                {
                    "record": record,
                    "is_session": isinstance(record, CareSession),
                    "action": action,
                    "actions": LOG_WORKFLOW.available(record.status, self.access, record.college_id),
                    # A return refused (someone else confirmed it first) brings its reason back here.
                    "form": restore_typing(self.request, LogReviewForm(initial={"version": record.version}), action),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)


class LogReviewView(CareViewMixin, ActionView):
    """Confirm an elder's record, or return it with a reason."""

    model = None
    college_field = ""
    related = ()
    form_class = LogReviewForm
    done = {
        CONFIRM_LOG: gettext_lazy("Confirmed: the record now counts in the care figures."),
        RETURN_LOG: gettext_lazy("Returned: the elder sees your reason on their page."),
    }

    @cached_property
    def record(self):
        records = care_access.scope(
            self.model.objects.select_related(*self.related), self.request.user, self.college_field
        )
        return get_object_or_404(records, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.record

    def has_permission(self):
        return confirms_logs(self.access, self.record.college_id)

    def get_success_url(self):
        return reverse("care:pending")

    def perform(self, form):
        data = form.cleaned_data
        self.action = data["action"]
        return services.review_log(self.record, self.request.user, self.action, data["version"], data["reason"])

    def get_success_message(self):
        return self.done[self.action]


class SessionReviewView(LogReviewView):
    model = CareSession
    college_field = "pair__need__college"
    related = ("pair__need__college", "pair__offer__user")


class MeetingReviewView(LogReviewView):
    model = MentorMeeting
    college_field = "mentorship__programme__college"
    related = ("mentorship__programme__college", "mentorship__offer__user")
