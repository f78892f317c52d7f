"""`{% talk_figures year %}`: the 谈心屋's figures on the care overview (care sits below talkroom and imports none
of it, so the overview's template asks for them here). Counts only, of the colleges the reader's care board shows
(care.access.scope), in a fixed number of queries."""

from django import template

from care import access as care_access

from .. import figures
from ..models import Thread

register = template.Library()


@register.inclusion_tag("talkroom/_figures.html", takes_context=True)
def talk_figures(context, year):
    threads = care_access.scope(Thread.objects.filter(created_at__year=year), context["request"].user)
    return {"talk": {"year": year, **figures.summary(threads)}}
