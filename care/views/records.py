"""The privacy read log (every read of a sensitive need's confidential notes) and the figures' export."""

from __future__ import annotations

from django.views import View
from django.views.generic import ListView

from .. import access as care_access
from ..access import reads_log
from ..export import needs_workbook_response
from ..models import Need, SensitiveRead
from .common import CareViewMixin, year_from


class ReadLogView(CareViewMixin, ListView):
    """Every read of a sensitive need's confidential notes: who, when, which need. Staff only."""

    template_name = "care/read_log.html"
    context_object_name = "reads"
    paginate_by = 50

    def has_permission(self):
        return reads_log(self.access)

    def get_queryset(self):
        return SensitiveRead.objects.select_related("user", "college", "need__category")


class ExportView(CareViewMixin, View):
    """The figures as a workbook: counts by college and category, never a code, a note or a name."""

    def get(self, request, *args, **kwargs):
        year = year_from(request)
        return needs_workbook_response(care_access.scope(Need.objects.filter(year=year), request.user), year)
