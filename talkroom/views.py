"""The 谈心屋's portal pages: the threads of the reader's colleges (counts, no text), a thread read (each read
logged in care's read log) and answered, and the school's settings (committee staff)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from care import access as care_access
from colleges.access import ScopedViewMixin
from core.views import FormPage

from . import access, services
from .forms import AnswerForm, TalkSettingsForm
from .models import Thread


class TalkViewMixin(ScopedViewMixin):
    roles = access.TALK_ROLES


class ThreadListView(TalkViewMixin, ListView):
    """The threads the reader may open, newest first: college, when, answered or not, the self-harm mark."""

    template_name = "talkroom/thread_list.html"
    context_object_name = "threads"
    paginate_by = 30

    def has_permission(self):
        return access.reads_threads(self.access, self.access.college_id)

    def get_queryset(self):
        return access.scope_threads(Thread.objects.select_related("college", "need"), self.request.user)


class ThreadView(TalkViewMixin, FormPage):
    """A thread and the college's answer: opening it is a logged read of confidential notes."""

    template_name = "talkroom/thread.html"
    form_class = AnswerForm
    page_title = gettext_lazy("Talk room thread")
    success_message = gettext_lazy("Your answer has been sent; the student reads it with their code.")

    @cached_property
    def thread(self):
        # Among the colleges the reader's care board shows (the office's too, which is then refused with a 403).
        threads = care_access.scope(Thread.objects.select_related("college", "need__category"), self.request.user)
        return get_object_or_404(threads, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.thread

    def has_permission(self):
        return access.reads_threads(self.access, self.thread.college_id)

    def state_problem(self):
        if self.thread.purged_at is not None:
            return gettext_lazy("This thread was purged after its retention period.")
        return None

    def state_problem_url(self):
        return reverse("talkroom:threads")

    def get_initial(self):
        return {"version": self.thread.version}

    def get_cancel_url(self):
        return reverse("talkroom:threads")

    def get_context_data(self, **kwargs):
        thread = self.thread
        return super().get_context_data(
            thread=thread,
            thread_messages=services.read_thread(thread, self.request.user),
            help_lines=services.settings_of_school().lines(),
            **kwargs,
        )

    def perform(self, form):
        return services.answer(self.thread, self.request.user, form.cleaned_data["text"], form.cleaned_data["version"])

    def get_success_url(self):
        return reverse("talkroom:thread", args=[self.thread.pk])


class SettingsView(TalkViewMixin, FormPage):
    form_class = TalkSettingsForm
    page_title = gettext_lazy("Talk room settings")
    subtitle = gettext_lazy(
        "Close the channel for the whole school or some colleges; keep the words that raise the self-harm notice "
        "and the help lines it shows."
    )
    success_message = gettext_lazy("The talk room's settings have been saved.")
    creates = False

    def has_permission(self):
        return access.keeps_talk_settings(self.access)

    @cached_property
    def settings(self):
        return services.settings_of_school()

    def get_instance(self):
        return self.settings

    def get_initial(self):
        return {"version": self.settings.version}

    def get_cancel_url(self):
        return reverse("talkroom:threads")

    def perform(self, form):
        settings = form.save(commit=False)
        return services.save_settings(
            settings, self.request.user, form.cleaned_data["closed_colleges"], form.cleaned_data["version"] or 0
        )

    def get_success_url(self):
        return reverse("talkroom:settings")
