"""Public notices, kept by staff: the list (the office reads it), writing, editing and publishing a notice."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from core.views import ActionView, FormPage

from .. import services
from ..access import reads_public_pages
from ..forms import NoticeForm, PublishForm
from ..models import PublicNotice
from .base import PublicityMixin, PublicPagesEditorMixin


class NoticeListView(PublicityMixin, ListView):
    template_name = "publicity/notice_list.html"
    context_object_name = "notices"
    paginate_by = 25
    queryset = PublicNotice.objects.all()

    def has_permission(self):
        return reads_public_pages(self.access)


class NoticeCreateView(PublicPagesEditorMixin, FormPage):
    form_class = NoticeForm
    page_title = gettext_lazy("New public notice")
    success_message = gettext_lazy("The notice has been saved; publish it to show it on the public site.")

    def get_success_url(self):
        return reverse("publicity:notices")

    def get_cancel_url(self):
        return reverse("publicity:notices")

    def perform(self, form):
        return services.save_notice(form.save(commit=False), self.request.user)


class NoticeMixin(PublicPagesEditorMixin):
    @cached_property
    def notice(self):
        return get_object_or_404(PublicNotice, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.notice

    def get_success_url(self):
        return reverse("publicity:notices")


class NoticeUpdateView(NoticeMixin, FormPage):
    form_class = NoticeForm
    page_title = gettext_lazy("Edit public notice")
    success_message = gettext_lazy("The public notice has been saved.")

    def get_instance(self):
        return self.notice

    def get_cancel_url(self):
        return reverse("publicity:notices")

    def perform(self, form):
        return services.save_notice(form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0)


class NoticePublishView(NoticeMixin, ActionView):
    """The notice's publish or unpublish button."""

    form_class = PublishForm

    def perform(self, form):
        return services.set_notice_published(
            self.notice, self.request.user, form.cleaned_data["publish"], form.cleaned_data["version"]
        )

    def get_success_message(self):
        if self.result.published:
            return _("The notice is now on the public site.")
        return _("The notice is no longer public.")
