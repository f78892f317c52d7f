"""A survey's distribution: its QR code (SVG and PNG), the printable A4 poster, and its invitation codes — made
and shown once, printable and downloadable as a workbook right after, never again (only their hashes are kept)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.errors import Refused
from core.files import attach
from core.views import FormPage
from core.xlsx import XLSX_CONTENT_TYPE

from .. import invitations, links, qr
from ..forms import CodesForm, InvitationForm
from ..services import design as services
from .common import DesignerMixin, SurveyViewMixin


class LinkMixin(SurveyViewMixin):
    def link(self) -> str:
        link = links.public_link(self.request, self.survey)
        if not link:
            raise Http404
        return link


class QrSvgView(LinkMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(qr.qr_svg_file(self.link()), content_type="image/svg+xml")
        return attach(response, _("survey-%(pk)s-qr.svg") % {"pk": self.survey.pk}, inline=True)


class QrPngView(LinkMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(qr.qr_png(self.link()), content_type="image/png")
        return attach(response, _("survey-%(pk)s-qr.png") % {"pk": self.survey.pk})


class PosterView(LinkMixin, TemplateView):
    """An A4 poster to print: the title, introduction, QR code, address, period and whether it is anonymous."""

    template_name = "surveys/design/poster.html"

    def get_context_data(self, **kwargs):
        link = self.link()
        return super().get_context_data(survey=self.survey, link=link, qr_svg=qr.qr_svg(link, scale=10), **kwargs)


class InvitationsView(DesignerMixin, FormPage):
    """Make a batch of invitation codes; the answer is the codes themselves, shown once on a printable page."""

    template_name = "surveys/design/invitations.html"
    form_class = InvitationForm
    page_title = pgettext_lazy("survey", "Invitation codes")
    subtitle = gettext_lazy(
        "Each code answers the survey once. Only a fingerprint of each code is kept: print or download the codes "
        "as soon as they are shown, they cannot be shown again."
    )
    creates = False

    def state_problem(self):
        if not self.survey.uses_tokens:
            return _("This survey is answered without invitation codes; make it answered by invitation first.")
        return None

    def get_initial(self):
        return {"version": self.survey.version, "count": 50}

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, counts=services.invitation_counts(self.survey), **kwargs)

    def form_valid(self, form):
        try:
            codes = services.make_invitations(
                self.survey, self.request.user, form.cleaned_data["count"], form.cleaned_data["version"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        return codes_page(self.request, self.survey, codes)


def codes_page(request, survey, codes: list[str]) -> HttpResponse:
    response = render(
        request,
        "surveys/design/codes.html",
        {
            "survey": survey,
            "codes": codes,
            "codes_form": CodesForm(initial={"codes": "\n".join(codes)}),
            "link": links.public_link(request, survey),
        },
    )
    response["Cache-Control"] = "no-store"  # the codes are shown once: no copy in a cache
    return response


class CodesWorkbookView(DesignerMixin, View):
    """The codes just made, posted back from their page, as a workbook; only unused codes of this survey."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CodesForm(request.POST)
        if not form.is_valid():
            raise Http404
        try:
            codes = services.unused_codes_of(self.survey, request.user, form.code_list())
        except Refused:
            raise Http404 from None
        response = HttpResponse(invitations.codes_workbook(self.survey, codes), content_type=XLSX_CONTENT_TYPE)
        response["Cache-Control"] = "no-store"
        return attach(response, _("survey-%(pk)s-invitation-codes.xlsx") % {"pk": self.survey.pk})
