"""What the 谈心屋 shows on other apps' pages (core.portal `page_panels`)."""

from django.template.loader import render_to_string

from care import access as care_access

from . import figures
from .models import Thread


def care_overview(request, year: int) -> str:
    """The 谈心屋's figures on the care overview: counts only, of the colleges the reader's care board shows
    (care.access.scope), in a fixed number of queries."""
    threads = care_access.scope(Thread.objects.filter(created_at__year=year), request.user)
    return render_to_string("talkroom/_figures.html", {"talk": {"year": year, **figures.summary(threads)}}, request)
