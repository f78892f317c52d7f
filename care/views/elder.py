"""The elder's own page — their pairs and sessions, their mentoring pairs and meetings — and the forms on which
they log a talk, a session or a meeting of their own, or correct one the college returned. Another elder's pair
or record is not found (404); no other role has these pages (403)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin
from core.views import FormPage

from .. import queries, services
from ..access import ELDER_ROLES, logs_as_elder, scope_own_pairs
from ..forms import ElderMeetingForm, ElderSessionForm
from ..models import CareSession, MentorMeeting, Mentorship, Pair, SessionKind
from ..workflow import elder_can_log_meeting, elder_can_log_session

SENT = gettext_lazy("Thank you. Your record has been sent to your college, which confirms it before it counts.")


class ElderHomeView(ScopedViewMixin, TemplateView):
    """An elder's one page: their own pairs and sessions, and their mentoring pairs; nothing else."""

    roles = ELDER_ROLES
    template_name = "care/mine.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**queries.elder_page(self.request.user), **kwargs)


class ElderPage(ScopedViewMixin, FormPage):
    """A form of the elder's own: found among their own pairs, back to their page when done or refused."""

    roles = ELDER_ROLES
    success_message = SENT

    def has_permission(self):
        return logs_as_elder(self.access)

    def state_problem_url(self):
        return reverse("care:mine")

    def get_cancel_url(self):
        return reverse("care:mine")

    def get_success_url(self):
        return reverse("care:mine")


class ElderSessionCreateView(ElderPage):
    form_class = ElderSessionForm
    page_title = gettext_lazy("Log a talk or session")

    @cached_property
    def pair(self):
        pairs = Pair.objects.select_related("need__category", "need__college", "offer")
        return get_object_or_404(scope_own_pairs(pairs, self.request.user), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.pair

    def state_problem(self):
        if not elder_can_log_session(self.pair.status, self.access):
            return _("Sessions are logged for an active pair.")
        return None

    def get_page_title(self):
        return f"{self.page_title}：{self.pair.need.category.name} · {self.pair.need.label}"

    def get_initial(self):
        return {"held_on": timezone.localdate(), "kind": SessionKind.TALK, "minutes": 60}

    def perform(self, form):
        session = form.save(commit=False)
        session.pair = self.pair
        return services.log_own_session(session, self.request.user)


class ElderMeetingCreateView(ElderPage):
    form_class = ElderMeetingForm
    page_title = gettext_lazy("Log a mentoring meeting")

    @cached_property
    def mentorship(self):
        mentorships = Mentorship.objects.select_related("programme", "offer")
        return get_object_or_404(scope_own_pairs(mentorships, self.request.user), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.mentorship

    def state_problem(self):
        if not elder_can_log_meeting(self.mentorship.evaluated_at is not None, self.access):
            return _("This pair has been evaluated for the year; no more meetings are logged.")
        return None

    def get_page_title(self):
        return f"{self.page_title}：{self.mentorship.mentees}"

    def get_initial(self):
        return {"held_on": timezone.localdate(), "minutes": 90}

    def perform(self, form):
        meeting = form.save(commit=False)
        meeting.mentorship = self.mentorship
        return services.log_own_meeting(meeting, self.request.user)


class ElderResendPage(ElderPage):
    """Correct a record the college returned and send it again."""

    model = None
    offer_field = ""
    page_title = gettext_lazy("Correct and send again")

    @cached_property
    def record(self):
        records = self.model.objects.select_related(*self.related)
        return get_object_or_404(scope_own_pairs(records, self.request.user, self.offer_field), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.record

    def get_instance(self):
        return self.record

    def state_problem(self):
        if not self.record.is_returned:
            return _("Only a record the college returned is corrected and sent again.")
        return None

    def get_initial(self):
        return {"version": self.record.version}

    def get_context_data(self, **kwargs):
        reason = _("The college returned it: %(reason)s") % {"reason": self.record.return_reason or "—"}
        return super().get_context_data(subtitle=reason, **kwargs)

    def perform(self, form):
        return services.resend_own_log(form.save(commit=False), self.request.user, form.cleaned_data["version"] or 0)


class ElderSessionResendView(ElderResendPage):
    model = CareSession
    related = ("pair__need__college", "pair__offer")
    offer_field = "pair__offer"
    form_class = ElderSessionForm


class ElderMeetingResendView(ElderResendPage):
    model = MentorMeeting
    related = ("mentorship__programme", "mentorship__offer")
    offer_field = "mentorship__offer"
    form_class = ElderMeetingForm
