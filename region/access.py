"""Who may see and do what in the region, built on colleges.access (the role) and Affiliation (the school).

- the lead (the school's committee staff and administrators) keeps the region: scheme, rounds, results,
  meetings, moderation;
- the party office and the provincial committee read everything of every region and change nothing;
- a member school's region contact sees and writes their own school's application only, and its result once
  published; another school's application is a 404;
- a reviewer sees the applications assigned to them, scores blind, and sees the other reviewers' scores of an
  application only once their own are submitted;
- every member school's people see their regions' meetings and board, and post on the board.
"""

from __future__ import annotations

from django.db.models import QuerySet

from colleges.access import Access, access_for
from colleges.models import Role

from .models import Application, Assignment, AssignmentStatus, Meeting, Post, Region, Status

REGION_ROLES = frozenset(
    {Role.STAFF, Role.OFFICE, Role.ADMIN, Role.REGION_CONTACT, Role.REGION_REVIEWER, Role.PROVINCE}
)
MEMBER_ROLES = frozenset({Role.REGION_CONTACT, Role.REGION_REVIEWER})


def leads(access: Access) -> bool:
    """Keeps the region: its scheme, rounds, results, meetings and the board's moderation."""
    return access.manages_everything


def reads_every_region(access: Access) -> bool:
    return access.role in {Role.STAFF, Role.OFFICE, Role.ADMIN, Role.PROVINCE}


def school_of(user) -> int | None:
    """The member school a contact or reviewer belongs to (None for everyone else), read once per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_region_school"):
        from .models import Affiliation

        user._region_school = Affiliation.objects.filter(user=user).values_list("institution_id", flat=True).first()
    return user._region_school


def member_school(user) -> int | None:
    """The school of a member role (contact or reviewer) with an affiliation; None otherwise."""
    return school_of(user) if access_for(user).role in MEMBER_ROLES else None


def visible_regions(user) -> QuerySet[Region]:
    access = access_for(user)
    if reads_every_region(access):
        return Region.objects.all()
    school = member_school(user)
    if school is None:
        return Region.objects.none()
    return Region.objects.filter(members=school)


def visible_applications(user) -> QuerySet[Application]:
    """Applications the user may open: everyone's for the lead, office and province; a contact's own school's."""
    access = access_for(user)
    applications = Application.objects.select_related("region", "institution")
    if reads_every_region(access):
        return applications
    if access.role == Role.REGION_CONTACT and member_school(user) is not None:
        return applications.filter(institution_id=member_school(user))
    return applications.none()


def writes_application(user, application: Application) -> bool:
    """The school's own region contact, and nobody else, writes and submits its application."""
    access = access_for(user)
    return access.role == Role.REGION_CONTACT and application.institution_id == member_school(user)


def sees_result(user, application: Application) -> bool:
    """The review's result: the lead, office and province at any time; the school itself once published."""
    if reads_every_region(access_for(user)):
        return True
    return application.status == Status.PUBLISHED and application.institution_id == member_school(user)


def visible_assignments(user) -> QuerySet[Assignment]:
    access = access_for(user)
    assignments = Assignment.objects.select_related("application__institution", "application__region", "reviewer")
    if reads_every_region(access):
        return assignments
    if access.role == Role.REGION_REVIEWER:
        return assignments.filter(reviewer=user)
    return assignments.none()


def scores_assignment(user, assignment: Assignment) -> bool:
    return assignment.reviewer_id == user.pk and access_for(user).role == Role.REGION_REVIEWER


def sees_others_scores(user, assignment: Assignment) -> bool:
    """Blind review: another reviewer's scores are shown to the lead (and the read-only roles) and, for one
    application, to a reviewer only after submitting their own."""
    if reads_every_region(access_for(user)):
        return True
    return scores_assignment(user, assignment) and assignment.status == AssignmentStatus.SUBMITTED


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(region__in=visible_regions(user)).select_related("region", "host")


def visible_posts(user) -> QuerySet[Post]:
    """The board of the user's regions; removed posts are seen by the lead only."""
    posts = Post.objects.filter(region__in=visible_regions(user)).select_related("region", "institution", "author")
    if not leads(access_for(user)):
        posts = posts.filter(removed=False)
    return posts


def posts_on(user, region: Region) -> bool:
    """The lead and the people of member schools post and comment; the read-only roles do not."""
    access = access_for(user)
    if leads(access):
        return True
    school = member_school(user)
    return school is not None and region.members.filter(pk=school).exists()


def template_permissions(user) -> dict[str, bool]:
    """The region's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {"lead_region": leads(access), "read_every_region": reads_every_region(access)}
