"""A pair of an elder and a need: its page, its confirmation or cancellation, its close with the outcome, and
its sessions."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from core.views import ActionView, FormPage

from .. import access as care_access
from .. import services
from ..access import care_authors
from ..forms import CloseForm, PairActionForm, SessionForm
from ..models import Pair, PairStatus
from ..workflow import CANCEL, CLOSE, CONFIRM, WORKFLOW, can_log_session
from .common import CareViewMixin


class PairMixin(CareViewMixin):
    @cached_property
    def pair(self):
        pairs = Pair.objects.select_related("need__college", "need__category", "offer__member", "offer__college")
        return get_object_or_404(care_access.scope(pairs, self.request.user, "need__college"), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.pair


class PairWriteMixin(PairMixin):
    def has_permission(self):
        return care_authors(self.access, self.pair.need.college_id)


class PairDetailView(PairMixin, DetailView):
    template_name = "care/pair_detail.html"
    context_object_name = "pair"

    def get_object(self, queryset=None):
        return self.pair

    def get_context_data(self, **kwargs):
        pair, college_id = self.pair, self.pair.need.college_id
        return super().get_context_data(
            need=pair.need,
            sessions=pair.sessions.all(),
            show_notes=not pair.need.is_sensitive,
            actions=WORKFLOW.available(pair.status, self.access, college_id),
            can_log=can_log_session(pair.status, self.access, college_id),
            action_form=PairActionForm(initial={"version": pair.version}),
            **kwargs,
        )


class PairActionView(PairWriteMixin, ActionView):
    """The pair page's buttons: confirm or cancel a proposed pair."""

    form_class = PairActionForm
    done = {
        CONFIRM: gettext_lazy("The pair has been confirmed; the elder's college contact has been told."),
        CANCEL: gettext_lazy("The pair has been cancelled; the need is open again."),
    }

    def perform(self, form):
        self.action = form.cleaned_data["action"]
        return services.transition_pair(self.pair, self.request.user, self.action, form.cleaned_data["version"])

    def get_success_message(self):
        return self.done[self.action]


class PairCloseView(PairWriteMixin, FormPage):
    form_class = CloseForm
    page_title = gettext_lazy("Close the pair")
    success_message = gettext_lazy("The pair has been closed with its outcome.")

    def state_problem(self):
        if self.pair.status != PairStatus.ACTIVE:
            return _("Only an active pair can be closed.")
        return None

    def get_initial(self):
        return {"version": self.pair.version}

    def get_cancel_url(self):
        return self.pair.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        services.transition_pair(
            self.pair,
            self.request.user,
            CLOSE,
            data["version"],
            outcome=data["outcome"],
            feedback=data["feedback"],
        )
        return self.pair


class SessionCreateView(PairWriteMixin, FormPage):
    form_class = SessionForm
    page_title = gettext_lazy("Log a talk or help session")
    success_message = gettext_lazy("The session has been logged.")

    def state_problem(self):
        if self.pair.status != PairStatus.ACTIVE:
            return _("Sessions are logged for an active pair.")
        return None

    def get_cancel_url(self):
        return self.pair.get_absolute_url()

    def perform(self, form):
        session = form.save(commit=False)
        session.pair = self.pair
        services.log_session(session, self.request.user)
        return self.pair
