"""Training classes, their sessions and attendance, and each college's training record."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView

from colleges.access import get_visible_college
from core.views import FormPage

from .. import lists
from ..access import TRAINING_ROLES, manages, own_college
from ..forms import AttendanceForm, SessionForm, TrainingForm
from ..models import TrainingClass, TrainingSession
from ..services import training as services
from .base import CommitteeView, ManagerView


class TrainingListView(CommitteeView, TemplateView):
    template_name = "committee/training_list.html"
    roles = TRAINING_ROLES

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            trainings=lists.trainings_with_hours(),
            can_manage=manages(self.access),
            own_college=own_college(self.access),
            **kwargs,
        )


class TrainingCreateView(ManagerView, FormPage):
    form_class = TrainingForm
    page_title = gettext_lazy("New training class")
    success_message = gettext_lazy("The training class has been saved. Add its sessions.")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_cancel_url(self):
        return reverse("committee:trainings")

    def perform(self, form):
        return services.save_training(form.save(commit=False), self.request.user)


class TrainingMixin(CommitteeView):
    roles = TRAINING_ROLES

    @cached_property
    def training(self):
        return get_object_or_404(TrainingClass, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.training


class TrainingDetailView(TrainingMixin, TemplateView):
    """The class's sessions and who attended; each college's attendance (a secretary sees their own college)."""

    template_name = "committee/training_detail.html"

    def get_context_data(self, **kwargs):
        sessions, by_college = lists.training_attendance(self.training, self.request.user)
        return super().get_context_data(
            training=self.training,
            sessions=sessions,
            by_college=by_college,
            can_manage=manages(self.access),
            **kwargs,
        )


class TrainingEditView(TrainingMixin, FormPage):
    form_class = TrainingForm
    page_title = gettext_lazy("Edit training class")
    success_message = gettext_lazy("The training class has been saved.")

    def has_permission(self):
        return manages(self.access)

    def get_instance(self):
        return self.training

    def get_initial(self):
        return {"version": self.training.version}

    def perform(self, form):
        return services.save_training(
            form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0
        )


class SessionCreateView(TrainingMixin, FormPage):
    form_class = SessionForm
    page_title = gettext_lazy("New session")
    success_message = gettext_lazy("The session has been added. Record who attended.")

    def has_permission(self):
        return manages(self.access)

    def get_cancel_url(self):
        return self.training.get_absolute_url()

    def get_success_url(self):
        return self.training.get_absolute_url()

    def perform(self, form):
        return services.add_session(self.training, self.request.user, form.save(commit=False))


class AttendanceView(ManagerView, FormPage):
    form_class = AttendanceForm
    page_title = pgettext_lazy("page", "Attendance")
    success_message = gettext_lazy("The attendance has been saved.")

    @cached_property
    def session(self):
        return get_object_or_404(TrainingSession.objects.select_related("training"), pk=self.kwargs["pk"])

    @property
    def subtitle(self):
        return str(self.session)

    def get_scoped_object(self):
        return self.session

    def get_initial(self):
        return {
            "version": self.session.version,
            "attendees": list(self.session.attendees.values_list("pk", flat=True)),
        }

    def get_cancel_url(self):
        return self.session.training.get_absolute_url()

    def get_success_url(self):
        return self.session.training.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        return services.record_attendance(self.session, self.request.user, list(data["attendees"]), data["version"])


class CollegeTrainingView(CommitteeView, TemplateView):
    """A college's training record: each committee member's sessions and hours, class by class."""

    template_name = "committee/college_training.html"
    roles = TRAINING_ROLES

    def get_scoped_object(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_context_data(self, **kwargs):
        college = self.scoped_object
        return super().get_context_data(college=college, members=lists.college_training_record(college), **kwargs)
