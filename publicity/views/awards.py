"""Year-end award nominations: the year's list, proposing and editing a nomination, and the committee's decision."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin, visible_colleges
from colleges.models import College
from core.views import ActionView, FormPage, restore_typing

from .. import services
from ..access import decides_nominations, proposes_for, sees_awards, visible_nominations
from ..forms import DecisionForm, NominationForm
from ..models import AwardKind, NominationStatus


class NominationListView(ScopedViewMixin, TemplateView):
    """The year's nominations the user may see (a secretary: their college's), and the committee's decisions."""

    template_name = "publicity/nomination_list.html"

    def has_permission(self):
        return sees_awards(self.access)

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        nominations = (
            visible_nominations(self.request.user)
            .filter(year=year)
            .select_related("college", "decided_by")
            .order_by("kind", "college__order", "pk")
        )
        nominations = list(nominations)
        for nomination in nominations:
            # A decision refused (someone else decided first) brings its note back to its row.
            nomination.decision_form = restore_typing(
                self.request, DecisionForm(), reverse("publicity:nomination_decide", args=[nomination.pk])
            )
        kwargs["year"] = year
        return super().get_context_data(nominations=nominations, kinds=AwardKind.choices, **kwargs)


class NominationCreateView(ScopedViewMixin, FormPage):
    form_class = NominationForm
    page_title = gettext_lazy("New award nomination")
    success_message = gettext_lazy("The nomination has been filed for the committee's decision.")

    def has_permission(self):
        return proposes_for(self.access, self.access.college_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "colleges": visible_colleges(self.request.user).filter(active=True)}

    def get_success_url(self):
        return reverse("publicity:nominations", args=[self.kwargs["year"]])

    def get_cancel_url(self):
        return reverse("publicity:nominations", args=[self.kwargs["year"]])

    def perform(self, form):
        nomination = form.save(commit=False)
        nomination.year = self.kwargs["year"]
        return services.propose(nomination, self.request.user)


class NominationMixin(ScopedViewMixin):
    @cached_property
    def nomination(self):
        nominations = visible_nominations(self.request.user).select_related("college")
        return get_object_or_404(nominations, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.nomination

    def get_success_url(self):
        return reverse("publicity:nominations", args=[self.nomination.year])


class NominationUpdateView(NominationMixin, FormPage):
    form_class = NominationForm
    page_title = gettext_lazy("Edit award nomination")
    success_message = gettext_lazy("The nomination has been saved.")

    def has_permission(self):
        return proposes_for(self.access, self.nomination.college_id)

    def state_problem(self):
        if self.nomination.status != NominationStatus.PROPOSED:
            return _("The committee has decided on this nomination; it can no longer be changed.")
        return None

    def get_instance(self):
        return self.nomination

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "colleges": College.objects.filter(pk=self.nomination.college_id)}

    def get_cancel_url(self):
        return reverse("publicity:nominations", args=[self.nomination.year])

    def perform(self, form):
        return services.update_nomination(
            form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0
        )


class NominationDecideView(NominationMixin, ActionView):
    """The committee's approve or decline button on a nomination."""

    form_class = DecisionForm

    def has_permission(self):
        return decides_nominations(self.access)

    def perform(self, form):
        data = form.cleaned_data
        return services.decide(self.nomination, self.request.user, data["decision"], data["note"], data["version"])

    def get_success_message(self):
        decided = self.result
        return _("The decision on “%(name)s” has been recorded: %(decision)s.") % {
            "name": decided.display_name,
            "decision": decided.get_status_display(),
        }
