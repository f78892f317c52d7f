"""A placeholder of the public answer page (the public-answer work replaces this module and public_urls.py)."""

from django.http import Http404


def answer(request, pk):
    raise Http404
