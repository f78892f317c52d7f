"""The mentoring programmes: the list, a programme and its pairs, a pair's meetings and its year-end
evaluation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView, ListView

from core.views import FormPage

from .. import access as care_access
from .. import queries, services
from ..access import care_authors, may_post
from ..forms import EvaluationForm, MeetingForm, MentorshipForm, ProgrammeFilterForm, ProgrammeForm
from ..models import Mentorship, Programme
from .common import CareViewMixin, ForCollegeMixin


class ProgrammeListView(CareViewMixin, ListView):
    template_name = "care/programme_list.html"
    context_object_name = "programmes"

    @cached_property
    def filter_form(self):
        return ProgrammeFilterForm(self.request.GET or None)

    def get_queryset(self):
        programmes = queries.programmes_list(self.request.user)
        return self.filter_form.filter(programmes) if self.filter_form.is_bound else programmes

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, can_add=may_post(self.access), **kwargs)


class ProgrammeCreateView(ForCollegeMixin, FormPage):
    """Staff make school-wide programmes (no college chosen); a college makes its own."""

    form_class = ProgrammeForm
    page_title = gettext_lazy("New mentoring programme")
    success_message = gettext_lazy("The programme has been saved.")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:programmes")

    def perform(self, form):
        return services.save_programme(form.save(commit=False), self.request.user)


class ProgrammeMixin(CareViewMixin):
    @cached_property
    def programme(self):
        programmes = care_access.scope_programmes(Programme.objects.select_related("college"), self.request.user)
        return get_object_or_404(programmes, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.programme


class ProgrammeWriteMixin(ProgrammeMixin):
    def has_permission(self):
        return care_authors(self.access, self.programme.college_id)


class ProgrammeDetailView(ProgrammeMixin, DetailView):
    template_name = "care/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return self.programme

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mentorships=queries.programme_mentorships(self.programme),
            can_edit=care_authors(self.access, self.programme.college_id),
            **kwargs,
        )


class ProgrammeUpdateView(ProgrammeWriteMixin, FormPage):
    form_class = ProgrammeForm
    page_title = gettext_lazy("Edit mentoring programme")
    success_message = gettext_lazy("The programme has been saved.")

    def get_instance(self):
        return self.programme

    def get_initial(self):
        return {"version": self.programme.version}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.programme.college}

    def perform(self, form):
        version = form.cleaned_data.get("version") or 0
        return services.save_programme(form.save(commit=False), self.request.user, version)


class MentorshipCreateView(ProgrammeWriteMixin, FormPage):
    form_class = MentorshipForm
    page_title = gettext_lazy("New mentoring pair")
    success_message = gettext_lazy("The mentoring pair has been added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_cancel_url(self):
        return self.programme.get_absolute_url()

    def perform(self, form):
        return services.add_mentorship(form.save(commit=False), self.request.user)


class MentorshipMixin(CareViewMixin):
    @cached_property
    def mentorship(self):
        programmes = care_access.scope_programmes(Programme.objects.all(), self.request.user)
        rows = Mentorship.objects.select_related("programme__college", "offer__member").filter(
            programme__in=programmes
        )
        return get_object_or_404(rows, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.mentorship

    def may_write(self):
        return care_authors(self.access, self.mentorship.programme.college_id)


class MentorshipDetailView(MentorshipMixin, DetailView):
    template_name = "care/mentorship_detail.html"
    context_object_name = "mentorship"

    def get_object(self, queryset=None):
        return self.mentorship

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=self.mentorship.meetings.all(),
            can_edit=self.may_write() and not self.mentorship.evaluated_at,
            **kwargs,
        )


class MeetingCreateView(MentorshipMixin, FormPage):
    form_class = MeetingForm
    page_title = gettext_lazy("Log a mentoring meeting")
    success_message = gettext_lazy("The meeting has been logged.")

    def has_permission(self):
        return self.may_write()

    def state_problem(self):
        if self.mentorship.evaluated_at:
            return _("This pair has been evaluated for the year; no more meetings are logged.")
        return None

    def get_cancel_url(self):
        return self.mentorship.get_absolute_url()

    def perform(self, form):
        meeting = form.save(commit=False)
        meeting.mentorship = self.mentorship
        services.log_meeting(meeting, self.request.user)
        return self.mentorship


class EvaluateView(MentorshipMixin, FormPage):
    form_class = EvaluationForm
    page_title = pgettext_lazy("field", "Year-end evaluation")
    success_message = gettext_lazy("The evaluation has been saved.")

    def has_permission(self):
        return self.may_write()

    def state_problem(self):
        if self.mentorship.evaluated_at:
            return _("This pair has already been evaluated for the year.")
        return None

    def get_initial(self):
        return {"version": self.mentorship.version}

    def get_cancel_url(self):
        return self.mentorship.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        services.evaluate(self.mentorship, self.request.user, data["grade"], data["evaluation"], data["version"])
        return self.mentorship
