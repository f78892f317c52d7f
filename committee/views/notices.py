"""Notices: the list, publishing and editing, the recipients' reading and replies, reminders and files."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import PlainForm, VersionForm
from core.views import ActionView, FormPage, restore_typing

from .. import lists
from ..access import manages, own_receipt, own_receipts, owns, reads_every_notice, visible_notices, visible_reply_files
from ..forms import FilesForm, NoticeEditForm, NoticeForm, ReplyForm
from ..services import notices
from .base import AddFilesView, CommitteeView, ManagerView


class NoticeListView(CommitteeView, TemplateView):
    template_name = "committee/notice_list.html"

    def get_context_data(self, **kwargs):
        mine = own_receipts(self.request.user)
        rows = [(notice, mine.get(notice.pk)) for notice in lists.notices_with_counts(self.request.user)]
        return super().get_context_data(
            rows=rows, can_manage=manages(self.access), today=timezone.localdate(), **kwargs
        )


class NoticeCreateView(ManagerView, FormPage):
    form_class = NoticeForm
    page_title = pgettext_lazy("page", "New notice")
    success_message = gettext_lazy("The notice has been published and its recipients told.")

    def get_cancel_url(self):
        return reverse("committee:notices")

    def perform(self, form):
        data = form.cleaned_data
        colleges, units = data["recipients"]
        return notices.publish_notice(form.save(commit=False), self.request.user, colleges, units, data["files"])


class NoticeMixin(CommitteeView):
    @cached_property
    def notice(self):
        return get_object_or_404(visible_notices(self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def receipt(self):
        """The user's own receipt of this notice (None for the school's readers)."""
        return own_receipt(self.request.user, self.notice)

    def get_scoped_object(self):
        return self.notice


class NoticeDetailView(NoticeMixin, TemplateView):
    template_name = "committee/notice_detail.html"

    def get_context_data(self, **kwargs):
        notice = self.notice
        context = {"notice": notice, "attachments": notice.attachments.all(), "receipt": self.receipt}
        if reads_every_notice(self.access):
            receipts = list(
                notice.receipts.select_related("college", "unit", "read_by", "replied_by").prefetch_related("files")
            )
            context |= {
                "receipts": receipts,
                "read_count": sum(1 for r in receipts if r.read_at),
                "replied_count": sum(1 for r in receipts if r.replied_at),
                "waiting_count": notices.waiting_receipts(notice).count(),
                "can_manage": manages(self.access),
                "remind_form": VersionForm(initial={"version": notice.version}),
                "files_form": FilesForm(),
            }
        elif self.receipt is not None:
            context |= {
                "reply_files": self.receipt.files.all(),
                "reply_form": restore_typing(
                    self.request,
                    ReplyForm(initial={"version": self.receipt.version}),
                    reverse("committee:notice_reply", args=[notice.pk]),
                ),
            }
        return super().get_context_data(**context, **kwargs)


class NoticeEditView(NoticeMixin, FormPage):
    form_class = NoticeEditForm
    page_title = gettext_lazy("Edit notice")
    success_message = gettext_lazy("The notice has been saved.")

    def has_permission(self):
        return manages(self.access)

    def get_instance(self):
        return self.notice

    def get_initial(self):
        return {"version": self.notice.version}

    def perform(self, form):
        return notices.update_notice(form.save(commit=False), self.request.user, form.cleaned_data["version"])


class NoticeRemindView(NoticeMixin, ActionView):
    def has_permission(self):
        return manages(self.access)

    def perform(self, form):
        count = notices.remind(self.notice, self.request.user, form.cleaned_data["version"])
        if not count:
            messages.info(self.request, _("Every recipient has already done what the notice asks."))
        return count

    def get_success_message(self) -> str:
        return _("%(count)d recipients have been reminded.") % {"count": self.result} if self.result else ""


class NoticeFilesView(NoticeMixin, AddFilesView):
    def has_permission(self):
        return manages(self.access)

    def add_files(self, files):
        notices.add_notice_files(self.notice, self.request.user, files)


class NoticeReplyView(NoticeMixin, ActionView):
    form_class = ReplyForm
    success_message = gettext_lazy("Your reply has been sent.")

    def has_permission(self):
        return self.receipt is not None and owns(self.access, self.receipt.college_id, self.receipt.unit_id)

    def perform(self, form):
        data = form.cleaned_data
        return notices.reply(self.receipt, self.request.user, data["text"], data["files"], data["version"])


class NoticeReadView(NoticeMixin, ActionView):
    """The recipient has read the notice. Opening the page writes nothing — a link from another site opens it with
    the visitor's cookies — so the page posts here itself once it is shown (static/js/mark-read.js) and offers the
    same as a button without JavaScript. A prefetch, a link preview or a mail scanner marks nothing read."""

    form_class = PlainForm

    def has_permission(self):
        return self.receipt is not None and owns(self.access, self.receipt.college_id, self.receipt.unit_id)

    def perform(self, form):
        return notices.record_read(self.receipt, self.request.user)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)  # the page says it is done itself; no page to draw
        return response


class NoticeFileView(NoticeMixin, View):
    def get(self, request, *args, **kwargs):
        return get_object_or_404(self.notice.attachments, pk=self.kwargs["file_pk"]).serve()


class ReplyFileView(NoticeMixin, View):
    """A reply's file: the school's readers and the recipient who sent it."""

    def get(self, request, *args, **kwargs):
        return get_object_or_404(visible_reply_files(request.user, self.notice), pk=self.kwargs["file_pk"]).serve()
