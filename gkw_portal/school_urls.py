"""Each school's addresses (issue 27, item 6): the portal at the root for everyone, and each school's public site
(网上关工委) at its own address — the home school's at the root as before, every other school's under `/s/<code>/`.

Why a URL configuration per school rather than a `<code>` argument in the public site's patterns: every existing
`{% url 'public:…' %}` and `reverse("public:…")` (the templates, `NewsItem.get_public_url`, the feed's links) stays
as it is and names the request's school's address, because Django reverses with the request's `urlconf`. An
argument would have to be passed to every one of them, and one forgotten would send a visitor of one school's site
to the home school's. Within a request of a school other than the home school (on its public site, or a person of
that school on the portal's pages), `request.urlconf` is that school's: the portal's patterns as at the root, and
the public site under `s/<code>/` only; so a link to the public site from the portal (the publicity tabs, "view on
the public site") goes to the person's own school's site too. The login page, the portal and the admin stay at the
root for every school.

`/s/<home school's code>/…` redirects to the root address of the same page: each page has one address, so the
public pages' cache, the feed's entry ids and the links people keep are the same as before schools had addresses.
The redirect is temporary (302): which school is the home school, and codes, are an administrator's to change.

Outside a request (a test, a task writing an e-mail) `school_reverse` gives a school's address.
"""

from __future__ import annotations

import functools

from django.http import HttpResponseRedirect
from django.urls import include, path, reverse

from colleges.schools import PUBLIC_PREFIX
from publicity import public_urls

from .urls import portal_patterns


class SchoolURLConf:
    """A URL configuration (what Django reads from a urls module: `urlpatterns`) for one school other than the home
    school. One instance per code (`urlconf_for`), so Django builds and caches its resolver once."""

    def __init__(self, code: str):
        self.code = code
        public_site = include((public_urls.school_urlpatterns, public_urls.app_name), namespace="public")
        self.urlpatterns = [*portal_patterns, path(f"s/{code}/", public_site)]

    def __repr__(self):
        return f"<SchoolURLConf {self.code}>"


@functools.cache
def urlconf_for(code: str) -> SchoolURLConf:
    return SchoolURLConf(code)


def school_reverse(school, viewname: str, args=None, kwargs=None) -> str:
    """`reverse` for `school`'s addresses, wherever it is called from."""
    urlconf = None if school.is_home else urlconf_for(school.code)
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=kwargs)


class SchoolAddressesMiddleware:
    """After colleges.schools.SchoolMiddleware (which set `request.school`): the request resolves and reverses its
    school's addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        school = request.school
        if not school.is_home:
            request.urlconf = urlconf_for(school.code)
        elif prefix := PUBLIC_PREFIX.match(request.path_info):
            script_prefix = request.path[: len(request.path) - len(request.path_info)]
            root_path = script_prefix + request.path_info[prefix.end() - 1 :]
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(f"{root_path}?{query}" if query else root_path)
        return self.get_response(request)
