"""What the care pages share: the care roles, and the college a page writes for (the user's own, or the one staff
chose)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from colleges.access import ScopedViewMixin, college_for_page
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
        return college_for_page(self.request, care_colleges(self.request.user))

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
