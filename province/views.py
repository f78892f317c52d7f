"""The province's overview pages: the year's regions and schools, its workbook, and the drill-down into one
school's dashboard. They read only; province.access decides who may, before any school's rows are read."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin
from colleges.schools import choose
from core.cache import CACHE_ERRORS
from core.scoping import every_school
from region.models import Region

from . import overview
from .access import PROVINCE_PAGE_ROLES, reads_every_school
from .export import workbook_response


class ProvinceMixin(ScopedViewMixin):
    roles = PROVINCE_PAGE_ROLES
    who_may = reads_every_school.who

    def has_permission(self) -> bool:
        return reads_every_school(self.request.user)


class RegionFilterMixin(ProvinceMixin):
    @cached_property
    def year(self) -> int:
        """The year in the address; at the overview's own address (the province's home) the newest year with a
        region or a school's figures, this year when there is none yet."""
        if "year" in self.kwargs:
            return self.kwargs["year"]
        with every_school():
            years = overview.years()
        return years[0] if years else datetime.date.today().year

    @cached_property
    def region_id(self) -> int | None:
        """The region chosen in the filter (`?region=<id>`): one of the year's regions, else all (None)."""
        raw = self.request.GET.get("region", "")
        if not raw.isdigit() or len(raw) > 9:
            return None
        return int(raw) if Region.objects.filter(pk=int(raw), year=self.year).exists() else None


class OverviewView(RegionFilterMixin, TemplateView):
    template_name = "province/overview.html"

    def get_context_data(self, **kwargs):
        year, region_id = self.year, self.region_id
        with every_school():  # province.access allowed the reader above
            parts = cached_parts(year, region_id)
        return super().get_context_data(**kwargs) | parts | {"year": year, "region_id": region_id}


# A school renamed in the admin changes nothing the fingerprint reads: its old name shows this long at most.
TABLES_SECONDS = 300


def cached_parts(year: int, region_id: int | None) -> dict:
    """What the page shows beyond its header, the same for every reader: the years offered, the year's regions to
    filter by and the tables. Made once per state of the year's figures (its fingerprint, one query) and served from
    the cache until any of them changes, so that a warm page costs one query and a cache read however many schools
    there are. Without the cache they are made directly."""
    state = hashlib.sha256(repr(overview.fingerprint(year)).encode()).hexdigest()[:24]
    key = f"province:overview:{year}:{region_id or 0}:{translation.get_language()}:{state}"

    def make() -> dict:
        schools = overview.school_rows(year, region_id)
        tables = render_to_string(
            "province/_tables.html",
            {
                "year": year,
                "regions": overview.region_rows(year, region_id),
                "schools": schools,
                "running": sum(1 for school in schools if school.tally),
            },
        )
        return {
            "years": sorted({*overview.years(), year}, reverse=True),
            "region_choices": list(Region.objects.filter(year=year).order_by("code").values_list("pk", "name")),
            "tables": tables,
        }

    try:
        parts = cache.get(key)
    except CACHE_ERRORS:
        parts = None
    if parts is None:
        parts = make()
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, parts, TABLES_SECONDS)
    # Our own template's output, autoescaped when it was rendered.
    return parts | {"tables": mark_safe(parts["tables"])}  # noqa: S308


class OverviewExportView(RegionFilterMixin, View):
    def get(self, request, *args, **kwargs):
        with every_school():
            rows = overview.school_rows(self.year, self.region_id)
        return workbook_response(rows, self.year)


class ReadSchoolView(ProvinceMixin, View):
    """A school's row's button: read that school's dashboard of the year, as the user menu's switcher would choose
    the school (colleges.schools); the province's role stays read-only there (colleges.access)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        school, year = request.POST.get("school", ""), request.POST.get("year", "")
        if not (school.isdigit() and len(school) < 10 and re.fullmatch(r"[12][0-9]{3}", year)):
            raise Http404
        choice = choose(request, f"school:{school}")
        if choice is None:
            raise Http404
        messages.success(request, _("You now work as %(choice)s.") % {"choice": choice.label})
        return redirect("dashboard:year", int(year))
