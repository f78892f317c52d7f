"""The monthly bulletin's pages: the list (with the month to draft), a bulletin read, edited, drafted again from
the data, published, and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin
from core.files import attach
from core.outline import outline
from core.pdf import PdfUnavailable
from core.views import ActionView, ConfirmFirst, FormPage

from . import access, document, services
from .forms import BulletinForm, StartForm
from .models import Bulletin


class BulletinPage(ScopedViewMixin):
    roles = access.BULLETIN_ROLES


class OnBulletin(BulletinPage):
    """A page of one bulletin, found among those the user may read (a draft is staff's: a 404 for others)."""

    @cached_property
    def bulletin(self):
        bulletins = access.scope_bulletins(Bulletin.objects.select_related("institution"), self.request.user)
        return get_object_or_404(bulletins, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.bulletin


class WritesBulletin(OnBulletin):
    who_may = access.writes_bulletins.who

    def has_permission(self):
        return access.writes_bulletins(self.access)

    def state_problem(self):
        if self.bulletin.status == Bulletin.Status.PUBLISHED:
            return _("This bulletin has been published and can no longer be changed.")
        return None


class BulletinListView(BulletinPage, FormPage):
    """The school's bulletins, newest first; staff start the month's from here."""

    template_name = "bulletins/list.html"
    form_class = StartForm
    page_title = pgettext_lazy("page", "Work bulletins")
    success_message = gettext_lazy("The bulletin has been drafted from the month's data; edit it, then publish it.")
    creates = False

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1)}

    def changes_something(self):
        return self.request.method == "POST"

    def has_permission(self):
        return self.request.method != "POST" or access.writes_bulletins(self.access)

    def get_context_data(self, **kwargs):
        bulletins = access.scope_bulletins(Bulletin.objects.all(), self.request.user)
        return super().get_context_data(bulletins=bulletins.order_by("-year", "-month"), **kwargs)

    def perform(self, form):
        month = form.cleaned_data["month"]
        return services.start(self.request.user, month.year, month.month)


class BulletinView(OnBulletin, TemplateView):
    template_name = "bulletins/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(bulletin=self.bulletin, outline=outline(self.bulletin.text), **kwargs)


class BulletinEditView(WritesBulletin, FormPage):
    form_class = BulletinForm
    success_message = gettext_lazy("The bulletin has been saved.")
    subtitle = gettext_lazy("Edit the draft freely: it reaches nobody until you publish it.")
    creates = False

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.bulletin}

    def get_initial(self):
        return {"text": self.bulletin.text, "version": self.bulletin.version}

    def get_cancel_url(self):
        return self.bulletin.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        return services.save(self.bulletin, self.request.user, data["text"], data["version"])


class RedraftView(ConfirmFirst, WritesBulletin, ActionView):
    confirm_question = gettext_lazy(
        "Draft the bulletin again from the data as it stands now? The text you edited is replaced."
    )
    confirm_label = pgettext_lazy("button", "Draft again")
    success_message = gettext_lazy("The bulletin has been drafted again from the month's data.")

    def perform(self, form):
        return services.redraft(self.bulletin, self.request.user, form.cleaned_data["version"])

    def get_confirm_cancel_url(self):
        return self.bulletin.get_absolute_url()


class PublishView(ConfirmFirst, WritesBulletin, ActionView):
    confirm_question = gettext_lazy(
        "Publish the bulletin? The party office and every college's secretary are told at once, by e-mail and in "
        "the colleges' chat groups, and it can no longer be changed."
    )
    confirm_label = pgettext_lazy("button", "Publish")
    success_message = gettext_lazy("The bulletin has been published and sent.")

    def perform(self, form):
        return services.publish(self.bulletin, self.request.user, form.cleaned_data["version"])

    def get_confirm_cancel_url(self):
        return self.bulletin.get_absolute_url()


class BulletinPdfView(OnBulletin, View):
    def get(self, request, pk):
        try:
            content = document.build_pdf(self.bulletin)
        except PdfUnavailable as refusal:
            messages.error(request, str(refusal))
            return redirect(self.bulletin.get_absolute_url())
        return attach(HttpResponse(content, content_type="application/pdf"), document.filename(self.bulletin, "pdf"))
