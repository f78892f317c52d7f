"""The resources menu (资源菜单): every elder's offer, and keeping one."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from core.views import FormPage

from .. import access as care_access
from .. import queries, services
from ..access import counted_college, keeps_offer, may_post
from ..forms import OfferForm, members_for
from ..models import Offer
from .common import CareViewMixin, year_or_none


class OfferListView(CareViewMixin, ListView):
    """The resources menu: every elder's offer (a college may be matched with any elder); `?mine=1` the user's
    college's, `?engaged=<year>` the committee elders the overview counts as engaged in the year."""

    template_name = "care/offer_list.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        return queries.resources_menu(
            self.request.user,
            college_id=self.access.college_id if self.request.GET.get("mine") else None,
            engaged_year=year_or_none(self.request.GET.get("engaged")),
            engaged_college_id=counted_college(self.access),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for offer in context["offers"]:
            offer.may_edit = keeps_offer(self.access, offer.college_id)
        context["can_add"] = may_post(self.access)
        return context


class OfferFormPage(CareViewMixin, FormPage):
    """An offer's form: a college keeps its own members' offers; committee staff keep any, and the comrades from
    outside the school."""

    form_class = OfferForm
    success_message = gettext_lazy("The offer has been saved.")

    def get_form_kwargs(self):
        keeps_outside = keeps_offer(self.access, None)
        return {
            **super().get_form_kwargs(),
            "members": members_for(None if keeps_outside else self.access.college_id),
            "may_keep_outside": keeps_outside,
            "elder_users": services.free_elder_accounts(self.get_instance()),
        }

    def get_cancel_url(self):
        return reverse("care:offers")

    def perform(self, form):
        data = form.cleaned_data
        return services.save_offer(form.save(commit=False), self.request.user, data["areas"], data.get("version"))

    def get_success_url(self):
        return reverse("care:offers")


class OfferCreateView(OfferFormPage):
    page_title = gettext_lazy("New offer of help")

    def has_permission(self):
        return may_post(self.access)


class OfferUpdateView(OfferFormPage):
    page_title = gettext_lazy("Edit offer of help")

    @cached_property
    def offer(self):
        return get_object_or_404(
            care_access.scope_offers(Offer.objects.all(), self.request.user), pk=self.kwargs["pk"]
        )

    def get_scoped_object(self):
        return self.offer

    def has_permission(self):
        return keeps_offer(self.access, self.offer.college_id)

    def get_instance(self):
        return self.offer

    def get_initial(self):
        return {"version": self.offer.version}
