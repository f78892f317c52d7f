"""Who may design surveys, read their results and their free text, and keep their reports: the one place.

- committee staff (and administrators) design the school's surveys, and only they may make a survey named;
- a college's secretary designs their own college's surveys;
- results (counts and charts, small groups suppressed) are read by whoever reads every college (staff, the party
  office, administrators) and by the secretary of the survey's college; a college's secretary also reads the
  school's surveys that asked their college, for their own college's answers only;
- free text is read by committee staff and the secretary of the survey's own college, never by the office;
- respondents have no account: the survey's public link (and an invitation code where it uses them) is all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.access import Access, access_for, authors, reads_every_college
from colleges.models import SCHOOL_ROLES
from core.errors import who_may

# The roles whose pages the surveys' portal pages are: the school's own.
SURVEY_ROLES = SCHOOL_ROLES


@who_may(_("committee staff and the college's own secretary"))
def designs(access: Access, college_id: int | None) -> bool:
    """May design, open and close a survey of the college (`college_id`), or of the school (None): staff for
    either, a secretary for their own college's."""
    if college_id is None:
        return access.manages_everything
    return authors(access, college_id)


@who_may(pgettext_lazy("role", "committee staff"))
def makes_named(access: Access) -> bool:
    """May make a survey named (its respondents give their student number)."""
    return access.manages_everything


@who_may(_("committee staff, the party office and the survey's college"))
def reads_results(access: Access, survey) -> bool:
    """May read a survey's results: every college's reader, the secretary of its own college, and a secretary of
    a college the school's survey asked (their college's answers: `results_college`)."""
    if reads_every_college(access):
        return True
    if not access.is_secretary or access.college_id is None:
        return False
    if survey.college_id is not None:
        return survey.college_id == access.college_id
    return any(college.pk == access.college_id for college in survey.colleges.all())


def results_college(access: Access, survey) -> int | None:
    """The one college whose answers the reader sees (a secretary reading the school's survey), or None for all."""
    if reads_every_college(access) or survey.college_id is not None:
        return None
    return access.college_id


@who_may(_("committee staff and the survey's own college"))
def reads_free_text(access: Access, survey) -> bool:
    """May read the answers written in the respondents' own words: staff, and the survey's own college."""
    if access.manages_everything:
        return True
    return access.is_secretary and survey.college_id is not None and survey.college_id == access.college_id


def scope_surveys(queryset: QuerySet, user) -> QuerySet:
    """The surveys the user sees in the portal: every survey for every college's reader; a secretary's own
    college's surveys and the school's surveys that asked their college."""
    access = access_for(user)
    if reads_every_college(access):
        return queryset
    if access.is_secretary and access.college_id is not None:
        return queryset.filter(
            Q(college_id=access.college_id) | Q(college__isnull=True, colleges=access.college_id)
        ).distinct()
    return queryset.none()


def template_permissions(user) -> dict[str, bool]:
    access = access_for(user)
    return {
        "design_school_surveys": designs(access, None),
        "design_college_surveys": access.college_id is not None and designs(access, access.college_id),
        "read_surveys": reads_every_college(access) or access.is_secretary,
    }
