"""Who may see and do what in the region, built on colleges.access (the role) and Affiliation (the school).

- the lead (the school's committee staff and administrators) keeps the region: scheme, rounds, results,
  meetings, moderation;
- the party office reads everything of the regions its school leads, the provincial committee of every region,
  and neither changes anything; a school's committee (staff, administrators, office) has no part in a region another
  school leads (issue 27: a 404, as for another school's rows);
- a member school's region contact sees and writes their own school's application only, and its result once
  published; another school's application is a 404;
- a reviewer sees the applications assigned to them, scores blind, and sees the other reviewers' scores of an
  application only once their own are submitted;
- every member school's people see their regions' meetings and board, and post on the board.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from colleges.access import Access, access_for, membership_of, roles_prefetch
from colleges.models import Role
from core.errors import who_may

from .models import (
    Action,
    Affiliation,
    Application,
    ApplicationEvent,
    Assignment,
    AssignmentStatus,
    Meeting,
    Post,
    Region,
    ReviewRound,
    ReviewScore,
    RoundStatus,
    Status,
    Visit,
)

REGION_ROLES = frozenset(
    {Role.STAFF, Role.OFFICE, Role.ADMIN, Role.REGION_CONTACT, Role.REGION_REVIEWER, Role.PROVINCE}
)
MEMBER_ROLES = frozenset({Role.REGION_CONTACT, Role.REGION_REVIEWER})


@who_may(_("committee staff, who lead the region"))
def leads(access: Access) -> bool:
    """Keeps the region: its scheme, rounds, results, meetings and the board's moderation."""
    return access.manages_everything


def reads_every_region(access: Access) -> bool:
    return access.role in {Role.STAFF, Role.OFFICE, Role.ADMIN, Role.PROVINCE}


@who_may(_("committee staff, who lead the region"))
def submits_work_report(user) -> bool:
    """The lead writes the region work report and sends it to the province (of a region among theirs)."""
    return leads(access_for(user))


def reads_work_report(user, region: Region, report) -> bool:
    """The lead school's committee reads its report at any time; the province once it is submitted (a draft is
    the lead's own). `region` is one of the user's visible regions."""
    access = access_for(user)
    if access.role == Role.PROVINCE:
        return report is not None and report.is_submitted
    return reads_every_region(access)


_UNREAD = object()


def school_of(user) -> int | None:
    """The member school a contact or reviewer belongs to (None for everyone else), read once per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    school = getattr(user, "_region_school", _UNREAD)
    if school is _UNREAD:
        school = Affiliation.objects.filter(user=user).values_list("institution_id", flat=True).first()
        user._region_school = school
    return school


def is_contact(access: Access) -> bool:
    """A member school's region contact: writes the school's application."""
    return access.role == Role.REGION_CONTACT


def is_reviewer(access: Access) -> bool:
    """A member school's reviewer: scores the applications assigned to them."""
    return access.role == Role.REGION_REVIEWER


def member_school(user) -> int | None:
    """The school of a member role (contact or reviewer) with an affiliation; None otherwise."""
    return school_of(user) if access_for(user).role in MEMBER_ROLES else None


def lead_school(user) -> int | None:
    """The school whose regions a school's committee role leads or reads: the school of their role."""
    membership = membership_of(user) if getattr(user, "is_authenticated", False) else None
    return membership.institution_id if membership is not None else None


def visible_regions(user) -> QuerySet[Region]:
    """The province's every region; a school committee's the regions its school leads; a member role's the
    regions of their school."""
    access = access_for(user)
    if access.role == Role.PROVINCE:
        return Region.objects.all()
    if reads_every_region(access):
        return Region.objects.filter(lead_id=lead_school(user))
    school = member_school(user)
    if school is None:
        return Region.objects.none()
    return Region.objects.filter(members=school)


def visible_applications(user) -> QuerySet[Application]:
    """Applications the user may open: everyone's for the lead, office and province; a contact's own school's."""
    access = access_for(user)
    applications = Application.objects.select_related("region", "institution")
    if reads_every_region(access):
        return applications.filter(region__in=visible_regions(user))
    if is_contact(access) and member_school(user) is not None:
        return applications.filter(institution_id=member_school(user))
    return applications.none()


def writes_application(user, application: Application) -> bool:
    """The school's own region contact, and nobody else, writes and submits its application."""
    access = access_for(user)
    return is_contact(access) and application.institution_id == member_school(user)


def sees_result(user, application: Application) -> bool:
    """The review's result: the lead, office and province at any time; the school itself once published."""
    if reads_every_region(access_for(user)) and visible_regions(user).filter(pk=application.region_id).exists():
        return True
    return application.status == Status.PUBLISHED and application.institution_id == member_school(user)


def applications_with_live_data(user) -> QuerySet[Application]:
    """Where the evidence page of an application is looked up: the applications the user may open, and a
    reviewer's the applications assigned to them (a reviewer opens no application page)."""
    if is_reviewer(access_for(user)):
        return Application.objects.select_related("region", "institution").filter(assignments__reviewer=user)
    return visible_applications(user)


@who_may(_("the school's own region contact, the region's lead and the application's reviewers"))
def reads_live_data(user, application: Application) -> bool:
    """The school's own data behind an application (its colleges, reports, care figures, brand projects), read from
    a region page: its contact, the lead, and the reviewers assigned to that application; not the party office or
    the province, who read the application itself, nor another application's reviewers."""
    access = access_for(user)
    if is_reviewer(access):
        return Assignment.objects.filter(application=application, reviewer=user).exists()
    if is_contact(access):
        return application.institution_id == member_school(user)
    return leads(access) and visible_regions(user).filter(pk=application.region_id).exists()


def visible_assignments(user) -> QuerySet[Assignment]:
    access = access_for(user)
    assignments = Assignment.objects.select_related("application__institution", "application__region", "reviewer")
    if reads_every_region(access):
        return assignments.filter(application__region__in=visible_regions(user))
    if is_reviewer(access):
        return assignments.filter(reviewer=user)
    return assignments.none()


@who_may(_("the reviewer it is assigned to"))
def scores_assignment(user, assignment: Assignment) -> bool:
    return assignment.reviewer_id == user.pk and is_reviewer(access_for(user))


def sees_others_scores(user, assignment: Assignment) -> bool:
    """Blind review: another reviewer's scores are shown to the lead (and the read-only roles) and, for one
    application, to a reviewer only after submitting their own."""
    if reads_every_region(access_for(user)):
        return True
    return scores_assignment(user, assignment) and assignment.status == AssignmentStatus.SUBMITTED


def scores_now(user, assignment: Assignment) -> bool:
    """The reviewer's own sheet, while it is not yet submitted."""
    return scores_assignment(user, assignment) and assignment.status == AssignmentStatus.PENDING


def reassigns(user, assignment: Assignment) -> bool:
    """The lead gives a review nobody has submitted yet to another reviewer."""
    return leads(access_for(user)) and assignment.status == AssignmentStatus.PENDING


def manages_reviewers(user, review_round: ReviewRound | None) -> bool:
    """The lead changes the panel and the applications' reviewers, publishes and closes, while the round is open."""
    return leads(access_for(user)) and review_round is not None and review_round.status == RoundStatus.OPEN


def removes_review(user, assignment: Assignment) -> bool:
    """The lead takes back a review nobody has submitted yet (the same as giving it to someone else)."""
    return reassigns(user, assignment)


def acts_on_application(user, application: Application) -> bool:
    """Takes the application page's buttons: its school's contact (submit) or the lead (return, publish)."""
    return writes_application(user, application) or leads(access_for(user))


def own_applications(user) -> QuerySet[Application]:
    """A contact's own school's applications, for their home page; nobody else has any."""
    if not is_contact(access_for(user)):
        return Application.objects.none()
    return visible_applications(user).filter(institution_id=member_school(user))


def own_reviews(user) -> QuerySet[Assignment]:
    """A reviewer's own reviews, for their home page; nobody else has any."""
    if not is_reviewer(access_for(user)):
        return Assignment.objects.none()
    return visible_assignments(user).filter(reviewer=user)


def visible_events(user, application: Application) -> QuerySet[ApplicationEvent]:
    """The application's history; the review's steps are the school's to see only once the result is published."""
    events = application.events.select_related("actor")
    if not sees_result(user, application):
        events = events.exclude(action=Action.RECORD_RESULT)
    return events


def visible_other_scores(user, assignment: Assignment) -> QuerySet[ReviewScore]:
    """The other reviewers' submitted scores of the assignment's application, when blind review allows."""
    if not sees_others_scores(user, assignment):
        return ReviewScore.objects.none()
    return (
        ReviewScore.objects.filter(
            assignment__application=assignment.application_id, assignment__status=AssignmentStatus.SUBMITTED
        )
        .exclude(assignment=assignment)
        .select_related("indicator", "assignment__reviewer")
    )


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(region__in=visible_regions(user)).select_related("region", "host")


def visible_posts(user) -> QuerySet[Post]:
    """The board of the user's regions; removed posts are seen by the lead only."""
    posts = Post.objects.filter(region__in=visible_regions(user)).select_related("region", "institution", "author")
    if not leads(access_for(user)):
        posts = posts.filter(removed=False)
    return posts


@who_may(_("the region's lead and the people of its member schools"))
def posts_on(user, region: Region) -> bool:
    """The lead and the people of member schools post and comment; the read-only roles do not."""
    access = access_for(user)
    if leads(access):
        return True
    school = member_school(user)
    return school is not None and region.members.filter(pk=school).exists()


def visible_visits(user) -> QuerySet[Visit]:
    """On-site visits: every one of the regions the lead school's committee and the province read; a visiting
    reviewer's own visits; a contact's school's visit (its date, visitors and agenda; findings once published)."""
    access = access_for(user)
    visits = Visit.objects.select_related("application__institution", "application__region", "round")
    if reads_every_region(access):
        return visits.filter(application__region__in=visible_regions(user))
    if is_reviewer(access):
        return visits.filter(visitors=user)
    if is_contact(access) and member_school(user) is not None:
        return visits.filter(application__institution_id=member_school(user))
    return visits.none()


@who_may(_("committee staff, who lead the region"))
def plans_visits(user, review_round: ReviewRound | None) -> bool:
    """The lead plans and changes visits and records their findings while the round is open."""
    return leads(access_for(user)) and review_round is not None and review_round.status == RoundStatus.OPEN


def sees_findings(user, visit: Visit) -> bool:
    """The findings: the lead school's committee, the province and the visitors; the school once its result is
    published (as its result)."""
    access = access_for(user)
    if reads_every_region(access) or (is_reviewer(access) and visit.visitors.filter(pk=user.pk).exists()):
        return True
    return visit.application.status == Status.PUBLISHED and visit.application.institution_id == member_school(user)


# ── the people to tell and to choose from ────────────────────────────────────────────────────────────────────


def people_of(institution_id: int, role: str):
    return get_user_model().objects.filter(
        is_active=True, membership__role=role, affiliation__institution_id=institution_id
    )


def contacts_of(institution_id: int):
    """The region contacts of one member school."""
    return people_of(institution_id, Role.REGION_CONTACT)


def lead_people(region: Region):
    """The committee staff and administrators of the school that leads the region."""
    return get_user_model().objects.filter(
        is_active=True, membership__role__in=[Role.STAFF, Role.ADMIN], membership__institution_id=region.lead_id
    )


def region_people(region: Region):
    """Everyone of the region's member schools (contacts and reviewers)."""
    return get_user_model().objects.filter(
        is_active=True, membership__role__in=MEMBER_ROLES, affiliation__institution__in=region.members.all()
    )


def province_people():
    """The provincial committee's people: told of each region's submitted work report."""
    return get_user_model().objects.filter(is_active=True, membership__role=Role.PROVINCE).distinct()


def region_contacts(region: Region):
    return region_people(region).filter(membership__role=Role.REGION_CONTACT)


def reviewers_of(region: Region):
    """The reviewers of the region's member schools: whom a round's panel is chosen from."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, membership__role=Role.REGION_REVIEWER, affiliation__institution__in=region.members.all()
        )
        .select_related("affiliation__institution")
        .prefetch_related(roles_prefetch())
        .order_by("affiliation__institution__code", "username")
    )


def template_permissions(user) -> dict[str, bool]:
    """The region's predicates that templates ask as `can.<name>` (core.portal)."""
    access = access_for(user)
    return {"lead_region": leads(access), "read_every_region": reads_every_region(access)}
