"""The year's retirements: how many teachers retired, kept by committee staff as the base of the plan's target
for recruiting this year's retirees into the colleges' committees (section 6.4; colleges.progress.retiree_share)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PlainForm, VersionField
from core.views import FormPage

from . import services
from .access import ManagerRequiredMixin
from .models import CommitteeMember, YearRetirements
from .progress import retiree_share


class RetirementsForm(PlainForm):
    teachers = forms.IntegerField(
        label=gettext_lazy("teachers retired in the year"),
        min_value=0,
        max_value=100_000,
        help_text=gettext_lazy("From the personnel office's list of the year's retirements."),
    )
    version = VersionField(required=False)


class RetirementsView(ManagerRequiredMixin, FormPage):
    form_class = RetirementsForm
    template_name = "colleges/retirements.html"
    success_message = gettext_lazy("The year's retirements have been saved.")
    creates = False

    @cached_property
    def row(self):
        return YearRetirements.objects.filter(year=self.kwargs["year"]).first()

    def get_page_title(self):
        return _("Teachers retired in %(year)d") % {"year": self.kwargs["year"]}

    def get_initial(self):
        if self.row is None:
            return {"version": 0}
        return {"teachers": self.row.teachers, "version": self.row.version}

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        serving = CommitteeMember.objects.filter(active=True, retired_year=year, college__active=True)
        return super().get_context_data(
            year=year,
            serving=serving.select_related("college").order_by("college__order", "college__code", "name"),
            share=retiree_share(year),
            **kwargs,
        )

    def get_cancel_url(self):
        return reverse("plans:detail", args=[self.kwargs["year"]])

    def perform(self, form):
        data = form.cleaned_data
        return services.set_retirements(self.request.user, self.kwargs["year"], data["teachers"], data["version"] or 0)

    def get_success_url(self):
        return reverse("colleges:retirements", args=[self.kwargs["year"]])
