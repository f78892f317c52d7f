"""The care overview and the needs menu: the figures, the list, posting and editing a need, its confidential
notes, and matching it with an elder."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.views import ActionView, FormPage

from .. import access as care_access
from .. import figures, queries, services
from ..access import care_authors, care_colleges, counted_college, may_post, reads_notes
from ..forms import NeedFilterForm, NeedForm, ProposeForm
from ..models import Need, NeedStatus, Programme
from ..workflow import can_edit_need, can_propose
from .common import CareViewMixin, CollegeChoiceMixin, year_from


class OverviewView(CareViewMixin, TemplateView):
    """The care board's figures for the reader's colleges, each linked to the list of what it counts."""

    template_name = "care/overview.html"

    def get_context_data(self, **kwargs):
        user, year = self.request.user, year_from(self.request)
        needs = care_access.scope(Need.objects.filter(year=year), user)
        programmes = care_access.scope_programmes(Programme.objects.filter(year=year), user)
        return super().get_context_data(
            year=year,
            years=range(timezone.localdate().year, 2021, -1),
            totals=figures.totals(needs),
            rows=figures.needs_by_college_and_category(needs),
            median_days=figures.median_days_to_match(needs),
            elders=figures.elders_engaged(year, counted_college(self.access)),
            programme_rows=figures.programmes_by_kind(programmes),
            pending_logs=queries.pending_logs_count(user),
            can_post=may_post(self.access),
            **kwargs,
        )


class NeedListView(CareViewMixin, ListView):
    template_name = "care/need_list.html"
    context_object_name = "needs"
    paginate_by = 25

    @cached_property
    def filter_form(self):
        return NeedFilterForm(self.request.GET or None, colleges=care_colleges(self.request.user))

    def get_queryset(self):
        needs = queries.needs_list(self.request.user)
        return self.filter_form.filter(needs) if self.filter_form.is_bound else needs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            querystring=query.urlencode(),
            can_post=may_post(self.access),
            **kwargs,
        )


class NeedCreateView(CollegeChoiceMixin, FormPage):
    form_class = NeedForm
    page_title = gettext_lazy("Post a need")
    success_message = gettext_lazy("The need has been posted. Choose an elder from the suggestions.")
    choose_url_name = "care:need_create"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:needs")

    def perform(self, form):
        return services.post_need(form.save(commit=False), self.request.user)

    def get_success_url(self):
        return reverse("care:match", args=[self.result.pk])


class NeedMixin(CareViewMixin):
    @cached_property
    def need(self):
        return get_object_or_404(
            care_access.scope(Need.objects.select_related("college", "category"), self.request.user),
            pk=self.kwargs["pk"],
        )

    def get_scoped_object(self):
        return self.need


class NeedDetailView(NeedMixin, DetailView):
    template_name = "care/need_detail.html"
    context_object_name = "need"

    def get_object(self, queryset=None):
        return self.need

    def get_context_data(self, **kwargs):
        need = self.need
        return super().get_context_data(
            pairs=queries.need_pairs(need),
            events=need.events.select_related("actor"),
            can_edit=can_edit_need(need.status, self.access, need.college_id),
            can_match=can_propose(need.status, self.access, need.college_id)
            and need.elder_consent is not False
            and not queries.has_live_pair(need),
            can_read_notes=reads_notes(self.access, need.college_id),
            **kwargs,
        )


class NeedUpdateView(NeedMixin, FormPage):
    form_class = NeedForm
    page_title = gettext_lazy("Edit need")
    success_message = gettext_lazy("The need has been saved.")

    def has_permission(self):
        return care_authors(self.access, self.need.college_id)

    def state_problem(self):
        if self.need.status == NeedStatus.CLOSED:
            return _("This need is closed and can no longer be changed.")
        return None

    def get_instance(self):
        return self.need

    def get(self, request, *args, **kwargs):
        if self.need.notes:
            services.read_notes(self.need, request.user, "need notes (edit)")  # the form shows them: a logged read
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.need.version}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.need.college}

    def perform(self, form):
        return services.update_need(form.save(commit=False), self.request.user, form.cleaned_data["version"] or 0)


class NeedNotesView(NeedMixin, TemplateView):
    """The confidential notes, opened on purpose: a sensitive need's read is logged each time."""

    template_name = "care/need_notes.html"

    def has_permission(self):
        return reads_notes(self.access, self.need.college_id)

    def get_context_data(self, **kwargs):
        need = self.need
        notes = services.read_notes(need, self.request.user)
        return super().get_context_data(need=need, notes=notes, sessions=queries.need_sessions(need), **kwargs)


class MatchView(NeedMixin, ActionView, TemplateView):
    """Elders suggested for an open need, best first with the reasons (GET); proposing one (the page's buttons,
    POST) makes a proposed pair."""

    template_name = "care/match.html"
    http_method_names = View.http_method_names  # the page and its buttons share the address
    form_class = ProposeForm
    success_message = gettext_lazy("The pair has been proposed. Confirm it once the elder has agreed.")
    result = None

    def has_permission(self):
        return care_authors(self.access, self.need.college_id)

    def state_problem(self):
        if self.need.status != NeedStatus.OPEN:
            return _("This need is no longer open for matching.")
        if self.need.elder_consent is False:
            return _("The student did not agree to talk with an elder: this need is not matched with one.")
        if queries.has_live_pair(self.need):
            return _("This need already has a proposed or active pair.")
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(need=self.need, suggestions=services.suggestions(self.need), **kwargs)

    def get_form(self):
        self.form = super().get_form()
        return self.form

    def perform(self, form):
        return services.propose(self.need, form.cleaned_data["offer"], self.request.user, form.cleaned_data["version"])

    def get_success_url(self):
        if self.result is not None:
            return resolve_url(self.result)
        # An incomplete request goes back to the suggestions; a refused proposal to the need as it is now.
        return reverse("care:match", args=[self.need.pk]) if self.form.errors else self.need.get_absolute_url()
