"""The school a request acts in (issue 27): resolved once, here, and every query of the request is scoped to it.

- A public page under `/s/<code>/` is that school's (an unknown code is a 404).
- A signed-in person acts in the school they chose in the user menu (kept in their session), if they may act
  there, else in their role's school; a person whose role has no school (the region's, the province's) in their
  region affiliation's school, else the home school.
- Everyone else (the login page, the public site at `/`) is the home school's.

The middleware enters the school's scope (core.scoping) around the whole request and around a streamed response's
content, which is produced after the view has returned.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.http import Http404

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
        school = Institution.objects.filter(code=public["code"]).first()
        if school is None:
            raise Http404
        return school
    user = request.user
    if getattr(user, "is_authenticated", False):
        allowed = schools_of(user)
        chosen = request.session.get(SESSION_KEY)
        school = (allowed.filter(pk=chosen).first() if chosen else None) or _own_school(user, allowed)
        if school is not None:
            return school
    return Institution.objects.get(is_home=True)


def _own_school(user, allowed: QuerySet[Institution]) -> Institution | None:
    membership = getattr(user, "membership", None)
    if membership is not None and membership.institution_id:
        return membership.institution  # loaded with the user (colleges.backends)
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
