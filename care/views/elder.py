"""The elder's own page: their pairs and sessions, and their mentoring pairs; nothing else."""

from __future__ import annotations

from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin

from .. import queries
from ..access import ELDER_ROLES


class ElderHomeView(ScopedViewMixin, TemplateView):
    """An elder's one page: their own pairs and sessions, and their mentoring pairs; nothing else."""

    roles = ELDER_ROLES
    template_name = "care/mine.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**queries.elder_page(self.request.user), **kwargs)
