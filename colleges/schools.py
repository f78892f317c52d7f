"""The school a request acts in (issue 27): resolved once, here, and every query of the request is scoped to it.

- A public page under `/s/<code>/` is that school's (an unknown code is a 404), and the public site's pages at the
  root (`/news/` …) are the home school's, whoever asks: a public address names its school.
- A signed-in person acts in the school they chose in the user menu (kept in their session), if they may act
  there, else in their role's school; a person whose role has no school (the region's, the province's) in their
  region affiliation's school, else the home school.
- Everyone else (the login page, the public site at `/`) is the home school's.

The middleware enters the school's scope (core.scoping) around the whole request and around a streamed response's
content, which is produced after the view has returned.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from core.cache import cached
from core.scoping import every_school, school_scope
from institutions.models import Institution

from .access import access_for
from .models import Role

SESSION_KEY = "gkw_school"
PUBLIC_PREFIX = re.compile(r"^/s/(?P<code>[-a-zA-Z0-9_]+)/")


def schools_of(user) -> QuerySet[Institution]:
    """The schools a person may act in: every school for the installation's administrators and the province,
    else their role's school (or their region affiliation's)."""
    if not getattr(user, "is_authenticated", False):
        return Institution.objects.none()
    if user.is_superuser or access_for(user).role == Role.PROVINCE:
        return Institution.objects.all()
    membership = getattr(user, "membership", None)
    if membership is not None and membership.institution_id:
        return Institution.objects.filter(pk=membership.institution_id)
    return Institution.objects.filter(people__user=user)


def school_for(request) -> Institution:
    public = PUBLIC_PREFIX.match(request.path_info)
    if public:
        school = _school(f"code:{public['code']}", code=public["code"])
        if school is None:
            raise Http404
        return school
    user = request.user
    if getattr(user, "is_authenticated", False) and not _home_public_page(request.path_info):
        allowed = schools_of(user)
        chosen = request.session.get(SESSION_KEY)
        school = (allowed.filter(pk=chosen).first() if chosen else None) or _own_school(user, allowed)
        if school is not None:
            return school
    # Without a cached home school (none yet: a database being set up), asked directly, so that one made by an
    # update (institutions.models.ensure_home), which retires nothing, is found at once.
    return _school("home", is_home=True) or Institution.objects.get(is_home=True)


def _school(name: str, **lookup) -> Institution | None:
    """The school found by `lookup`, cached like a figure (an Institution's every write retires it: institutions'
    ready()): schools rarely change, and a public page served from the cache then costs no query at all."""
    return cached(f"school:{name}", lambda: Institution.objects.filter(**lookup).first())


def _home_public_page(path: str) -> bool:
    """Whether `path` is a page of the public site at the root (namespace `public`, publicity.public_urls), which
    is the home school's; a signed-in person of another school reads it as any visitor does."""
    try:
        return resolve(path, urlconf=settings.ROOT_URLCONF).namespace == "public"
    except Resolver404:
        return False


def _own_school(user, allowed: QuerySet[Institution]) -> Institution | None:
    membership = getattr(user, "membership", None)
    if membership is not None and membership.institution_id:
        return Institution.objects.filter(pk=membership.institution_id).first()
    return allowed.filter(people__user=user).first() or allowed.filter(is_home=True).first()


class SchoolMiddleware:
    """Sets `request.school` and runs the request inside that school's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with every_school():  # the schools themselves and the person's roles are no school's data
            request.school = school_for(request)
        with school_scope(request.school):
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _within(request.school.pk, response.streaming_content)
        return response


def _within(school_id: int, content):
    # A streamed export queries as it writes, after the view (and the scope above) has returned.
    with school_scope(school_id):
        yield from content
