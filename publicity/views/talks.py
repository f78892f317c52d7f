"""The lecturer group's talks, kept by staff: the list (the office reads it), adding and editing a talk."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from core.views import FormPage

from .. import services
from ..access import reads_public_pages
from ..forms import TalkForm
from ..models import Talk
from .base import PublicityMixin, PublicPagesEditorMixin


class TalkListView(PublicityMixin, ListView):
    template_name = "publicity/talk_list.html"
    context_object_name = "talks"
    paginate_by = 25
    queryset = Talk.objects.select_related("college")

    def has_permission(self):
        return reads_public_pages(self.access)


class TalkPageMixin(PublicPagesEditorMixin):
    form_class = TalkForm
    success_message = gettext_lazy("The talk has been saved.")

    def get_success_url(self):
        return reverse("publicity:talks")

    def get_cancel_url(self):
        return reverse("publicity:talks")


class TalkCreateView(TalkPageMixin, FormPage):
    page_title = gettext_lazy("New lecturer group talk")

    def perform(self, form):
        return services.save_talk(form.save(commit=False), self.request.user)


class TalkUpdateView(TalkPageMixin, FormPage):
    page_title = gettext_lazy("Edit lecturer group talk")

    @cached_property
    def talk(self):
        return get_object_or_404(Talk, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.talk

    def get_instance(self):
        return self.talk

    def perform(self, form):
        return services.save_talk(form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0)
