"""What the surveys show on other apps' pages (core.portal `page_panels`)."""

from django.template.loader import render_to_string

from colleges.access import visible_colleges

from . import figures


def care_overview(request, year: int) -> str:
    """The surveys' figures on the care overview: counts only, of the colleges the reader sees."""
    ids = set(visible_colleges(request.user).values_list("pk", flat=True))
    surveys = figures.summary(year, ids)
    return render_to_string("surveys/_figures.html", {"surveys": surveys}, request)
