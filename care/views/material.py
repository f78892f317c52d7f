"""The 阳光屋 care supermarket's material help: the list with its totals, and recording what was given."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from core.views import FormPage

from .. import queries, services
from ..access import may_post
from ..forms import MaterialHelpForm
from .common import CareViewMixin, CollegeChoiceMixin


class MaterialListView(CareViewMixin, ListView):
    template_name = "care/material_list.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        return queries.material_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            totals=queries.material_totals(self.get_queryset()),
            can_add=may_post(self.access),
            **kwargs,
        )


class MaterialCreateView(CollegeChoiceMixin, FormPage):
    form_class = MaterialHelpForm
    page_title = gettext_lazy("Record material help (阳光屋)")
    success_message = gettext_lazy("The material help has been recorded.")
    choose_url_name = "care:material_create"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:material")

    def perform(self, form):
        return services.record_material_help(form.save(commit=False), self.request.user)

    def get_success_url(self):
        return reverse("care:material")
