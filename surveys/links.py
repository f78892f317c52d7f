"""A survey's public address: the school's public site (namespace `public`, surveys.public_urls), as a full address
to share, print and put in the QR code."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def public_path(survey) -> str:
    """The public page's path on the request's school's site (Django reverses with the request's URL
    configuration, gkw_portal.school_urls); empty when the public page is not installed."""
    try:
        return reverse("public:survey", args=[survey.pk])
    except NoReverseMatch:
        return ""


def public_link(request, survey) -> str:
    """The full address at the portal's configured site (SITE_URL, as every e-mailed link), or empty."""
    path = public_path(survey)
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""
