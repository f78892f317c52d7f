"""What the care pages share: the care roles, and the college a page writes for (the user's own, or the one staff
chose)."""

from __future__ import annotations

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from colleges.access import ScopedViewMixin
from colleges.forms import CollegeSearchForm
from core.views import page_of

from ..access import CARE_ROLES, care_authors, care_colleges, writes_every_college

CHOOSE_PER_PAGE = 30


def year_or_none(value) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def year_from(request) -> int:
    return year_or_none(request.GET.get("year")) or timezone.localdate().year


class CareViewMixin(ScopedViewMixin):
    roles = CARE_ROLES


class ForCollegeMixin(CareViewMixin):
    """A page that writes for one college: the user's own, or the one staff chose (`?college=`); `college` is
    None while staff have chosen none."""

    def get_scoped_object(self):
        code = self.request.GET.get("college")
        if code:
            # Codes arrive in query strings, where anything may be typed; another college is a 404.
            if not slug_re.fullmatch(code):
                raise Http404
            return get_object_or_404(care_colleges(self.request.user), code=code)
        colleges = list(care_colleges(self.request.user)[:2])
        return colleges[0] if len(colleges) == 1 else None

    @property
    def college(self):
        return self.scoped_object

    def has_permission(self):
        if self.college is None:
            return writes_every_college(self.access)
        return care_authors(self.access, self.college.pk)


class CollegeChoiceMixin(ForCollegeMixin):
    """A college's page: staff who have not chosen the college yet are asked which."""

    choose_url_name = ""

    def get(self, request, *args, **kwargs):
        if self.college is None:
            # A page of colleges with a search by name or code: a province has thousands.
            search = CollegeSearchForm(request.GET)
            page, querystring = page_of(
                request, search.filter(care_colleges(request.user).order_by("order", "code")), CHOOSE_PER_PAGE
            )
            context = {"colleges": page.object_list, "page_obj": page, "querystring": querystring, "search": search}
            return render(request, "care/choose_college.html", {**context, "next_url": reverse(self.choose_url_name)})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.college is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)
