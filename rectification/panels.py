"""What 整改 shows on other apps' pages (core.portal `page_panels`): its counts on the school's and a college's
dashboards, and on a college's assessment the items of the year before, beside the indicators they concern."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from colleges.access import access_for, reads_school_dashboard, uses_school_pages

from . import access, figures
from .models import RectificationItem


def school_dashboard(request, year: int) -> str:
    reader = access_for(request.user)
    if not reads_school_dashboard(reader):
        return ""
    counts = figures.year_counts(year, timezone.localdate())
    return _figures(request, year, counts, links=access.reads_every_item(reader))


def college_dashboard(request, year: int, college) -> str:
    counts = figures.year_counts(year, timezone.localdate(), college.pk)
    reader = access_for(request.user)
    return _figures(request, year, counts, college=college, links=access.reads_items(reader, college.pk))


def _figures(request, year, counts, *, college=None, links=False) -> str:
    if not counts["all"]:
        return ""
    links = links and uses_school_pages(access_for(request.user))
    context = {"year": year, "counts": counts, "college": college, "links": links}
    return render_to_string("rectification/_figures.html", context, request)


def assessment(request, assessment) -> str:
    """The items of the college's assessment of the year before, by indicator code (the next year's scheme has
    its own indicator rows): their status and a link; for staff on a final assessment, the page that makes items."""
    reader = access_for(request.user)
    if not access.reads_items(reader, assessment.college_id):
        return ""
    choose_url = ""
    if assessment.is_final and access.creates_items(reader):
        choose_url = reverse("rectification:choose", args=[assessment.scheme.year, assessment.college.code])
    items = list(
        RectificationItem.objects.filter(college_id=assessment.college_id, year=assessment.scheme.year - 1)
        .select_related("indicator")
        .only("pk", "status", "deadline", "year", "indicator__code", "indicator__name", "score", "max_points")
    )
    if not items and not choose_url:
        return ""
    today = timezone.localdate()
    rows = [(item, item.is_overdue(today)) for item in items]
    return render_to_string(
        "rectification/_assessment_panel.html",
        {"rows": rows, "year": assessment.scheme.year - 1, "choose_url": choose_url},
        request,
    )
