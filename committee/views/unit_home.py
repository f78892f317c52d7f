"""A member unit's contact's home: the unit's duties of the year, its self-report, notices and tasks."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from colleges.models import MemberUnit

from .. import duties, lists
from ..access import UNIT_ROLES, reads_ratings
from ..models import UnitReport
from .base import CommitteeView


class UnitHomeView(CommitteeView, TemplateView):
    template_name = "committee/unit_home.html"
    roles = UNIT_ROLES

    def get_context_data(self, **kwargs):
        unit = get_object_or_404(MemberUnit, pk=self.access.member_unit_id)
        today = timezone.localdate()
        year = lists.unit_home_year(today)
        report = UnitReport.objects.filter(unit=unit, year=year).select_related("rating").first()
        return super().get_context_data(
            unit=unit,
            year=year,
            report=report,
            duties=duties.duties_of(unit.pk, year),
            reads_ratings=reads_ratings(self.access),
            **kwargs,
        )
