"""The kinds of activity a report may be of: their list, kept by staff."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from colleges.access import ManagerRequiredMixin, RoleRequiredMixin, reviews
from core.views import FormPage

from ..forms import ActivityKindForm
from ..models import ActivityKind


class KindListView(RoleRequiredMixin, ListView):
    template_name = "activities/kind_list.html"
    context_object_name = "kinds"
    queryset = ActivityKind.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=reviews(self.access), **kwargs)


class KindFormPage(ManagerRequiredMixin, FormPage):
    form_class = ActivityKindForm
    success_message = gettext_lazy("The activity kind has been saved.")

    def perform(self, form):
        return form.save()

    def get_success_url(self):
        return reverse("activities:kinds")

    def get_cancel_url(self):
        return reverse("activities:kinds")


class KindCreateView(KindFormPage):
    page_title = gettext_lazy("New activity kind")


class KindUpdateView(KindFormPage):
    page_title = gettext_lazy("Edit activity kind")

    @cached_property
    def kind(self):
        return get_object_or_404(ActivityKind, pk=self.kwargs["pk"])

    def get_instance(self):
        return self.kind
