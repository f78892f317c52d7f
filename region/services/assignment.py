"""Reviewers while the round is open: an application submitted or resubmitted after the round opened is assigned
at once, and the lead changes the panel and an application's reviewers. Always by region.rules.assign_reviewers
(never a reviewer's own school, the load even with the round's assignments counted), so that no application
waits for a step nobody can take: one no reviewer may review is listed on the round's page with the reason, and
the lead is told."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.versions import claim
from notifications.services import notify

from .. import access, rules
from ..models import (
    Action,
    Affiliation,
    Application,
    ApplicationEvent,
    Assignment,
    AssignmentStatus,
    ReviewRound,
    ReviewScore,
    RoundStatus,
    SchoolIndicator,
    Status,
)
from .common import ASSESSMENT, RegionError, require

# An application in one of these states belongs to the open round: its reviewers can still change.
IN_ROUND = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})


def open_round_of(region_id: int) -> ReviewRound | None:
    return ReviewRound.objects.filter(region_id=region_id, status=RoundStatus.OPEN).first()


def _require_open(round_: ReviewRound) -> None:
    if round_.status != RoundStatus.OPEN:
        raise RegionError(_("The review round is closed."))


def _require_in_round(application: Application) -> None:
    if application.status not in IN_ROUND:
        raise RegionError(_("The collective result is recorded: the application's reviewers no longer change."))


def eligible_reviewers(round_: ReviewRound, application: Application) -> QuerySet:
    """The panel's reviewers who may take one more review of `application`: not of its school, not already on it."""
    return (
        round_.panel.exclude(affiliation__institution=application.institution_id)
        .exclude(region_reviews__application=application)
        .select_related("affiliation__institution")
        .order_by("affiliation__institution__code", "username")
    )


def _assign(round_: ReviewRound, application: Application, reviewer_ids, user) -> None:
    """Create the reviews (with their blank sheets), move a submitted application under review and tell its
    reviewers and its school."""
    indicators = list(SchoolIndicator.objects.filter(scheme__region_id=round_.region_id))
    created = []
    for reviewer_id in reviewer_ids:
        assignment = Assignment.objects.create(round=round_, application=application, reviewer_id=reviewer_id)
        ReviewScore.objects.bulk_create([ReviewScore(assignment=assignment, indicator=i) for i in indicators])
        created.append(assignment)
    if application.status == Status.SUBMITTED:
        claim(
            Application.objects.filter(status=Status.SUBMITTED),
            application.pk,
            application.version,
            history=ApplicationEvent(
                application=application,
                actor=user,
                action=Action.START_REVIEW,
                from_status=Status.SUBMITTED,
                to_status=Status.UNDER_REVIEW,
            ),
            status=Status.UNDER_REVIEW,
            updated_at=timezone.now(),
        )
        notify(
            access.contacts_of(application.institution_id),
            _("Your region application is under collective review"),
            "",
            application.get_absolute_url(),
            email=False,
        )
    facts = [
        (pgettext("field", "School"), application.institution.name),
        (pgettext("field", "Region"), str(application.region)),
    ]
    for assignment in created:
        notify(
            get_user_model().objects.filter(pk=assignment.reviewer_id),
            _("A region application was assigned to you for review"),
            "",
            assignment.get_absolute_url(),
            kind=ASSESSMENT,
            facts=facts,
        )


def assign_arrivals(round_: ReviewRound, applications, user) -> list[Application]:
    """Give each of `applications` (submitted, or under review with too few reviews) the reviewers it lacks, one
    after another so that each sees the load the previous ones added. Returns those nobody may review."""
    panel = list(round_.panel.all())
    schools = dict(Affiliation.objects.filter(user__in=panel).values_list("user_id", "institution_id"))
    load = Counter(Assignment.objects.filter(round=round_).values_list("reviewer_id", flat=True))
    taken: dict[int, set[int]] = {}
    for application_id, reviewer_id in Assignment.objects.filter(
        application__in=[a.pk for a in applications]
    ).values_list("application_id", "reviewer_id"):
        taken.setdefault(application_id, set()).add(reviewer_id)
    waiting = []
    for application in applications:
        already = taken.get(application.pk, set())
        needed = round_.reviewers_per_application - len(already)
        if needed <= 0:
            continue
        people = [rules.Candidate(u.pk, schools[u.pk]) for u in panel if u.pk in schools and u.pk not in already]
        try:
            plan = rules.assign_reviewers(
                [rules.Candidate(application.pk, application.institution_id)], people, needed, load
            )
        except rules.AssignmentProblem:
            if not already:
                waiting.append(application)
            continue
        chosen = plan[application.pk]
        load.update(chosen)
        _assign(round_, application, chosen, user)
    return waiting


def waiting_applications(round_: ReviewRound) -> list[Application]:
    """The round's applications that no reviewer reviews: submitted while nobody on the panel could take them, or
    left without a reviewer when the lead removed theirs."""
    return list(
        Application.objects.filter(region_id=round_.region_id, status__in=IN_ROUND, assignments__isnull=True)
        .select_related("institution", "region")
        .order_by("institution__code")
    )


def waiting_reason(panel_schools: set[int], application: Application) -> str:
    """Why nobody reviews `application`, and what the lead can do about it."""
    if not panel_schools:
        return _("The panel has no reviewer: add reviewers to the panel.")
    if panel_schools <= {application.institution_id}:
        return _("Every reviewer on the panel is from this school: add a reviewer from another school.")
    return _("It has no reviewer yet: assign the waiting applications or add a reviewer to it.")


def _tell_the_lead_of_waiting(round_: ReviewRound, waiting: list[Application]) -> None:
    if not waiting:
        return
    notify(
        access.lead_people(round_.region),
        _("No reviewer on the panel may review: %(schools)s")
        % {"schools": "、".join(a.institution.short_name for a in waiting)},
        _("Add a reviewer from another school to the round's panel; the application is assigned then."),
        round_.get_absolute_url(),
        kind=ASSESSMENT,
        facts=[
            (pgettext("field", "Region"), str(round_.region)),
            (pgettext("field", "Applications"), "、".join(a.institution.name for a in waiting)),
        ],
    )


def enter_open_round(application: Application, user) -> None:
    """An application just submitted (or resubmitted) while its region's round is open goes under review at once;
    when nobody on the panel may review it, it waits on the round's page and the lead is told."""
    round_ = open_round_of(application.region_id)
    if round_ is None:
        return
    application = Application.objects.select_related("institution", "region").get(pk=application.pk)
    _tell_the_lead_of_waiting(round_, assign_arrivals(round_, [application], user))


@transaction.atomic
def assign_waiting(round_: ReviewRound, user, expected_version: int) -> int:
    """The lead's "assign the waiting applications": returns how many were assigned."""
    require(access.leads(access_for(user)), access.leads)
    claim(ReviewRound.objects.filter(status=RoundStatus.OPEN), round_.pk, expected_version)
    waiting = waiting_applications(round_)
    if not waiting:
        raise RegionError(_("No application is waiting for reviewers."))
    still = assign_arrivals(round_, waiting, user)
    if len(still) == len(waiting):
        raise RegionError(waiting_reason(_panel_schools(round_), still[0]))
    return len(waiting) - len(still)


def _panel_schools(round_: ReviewRound) -> set[int]:
    return set(Affiliation.objects.filter(user__in=round_.panel.all()).values_list("institution_id", flat=True))


# ── the panel ───────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def add_to_panel(round_: ReviewRound, user, reviewer, expected_version: int) -> int:
    """The lead adds a reviewer of a member school to the panel; the waiting applications are assigned then.
    Returns how many were."""
    require(access.leads(access_for(user)), access.leads)
    claim(ReviewRound.objects.filter(status=RoundStatus.OPEN), round_.pk, expected_version)
    if not access.reviewers_of(round_.region).filter(pk=reviewer.pk).exists():
        raise RegionError(_("Only a reviewer of one of the region's member schools joins the panel."))
    if round_.panel.filter(pk=reviewer.pk).exists():
        raise RegionError(_("This reviewer is already on the panel."))
    round_.panel.add(reviewer)
    waiting = waiting_applications(round_)
    return len(waiting) - len(assign_arrivals(round_, waiting, user))


@transaction.atomic
def remove_from_panel(round_: ReviewRound, user, reviewer, expected_version: int) -> list[Application]:
    """The lead takes a reviewer off the panel: refused once they have submitted a review (their scores stay part
    of the round); their reviews not yet submitted go to the others by the same rule. Returns the applications
    left waiting."""
    require(access.leads(access_for(user)), access.leads)
    claim(ReviewRound.objects.filter(status=RoundStatus.OPEN), round_.pk, expected_version)
    if not round_.panel.filter(pk=reviewer.pk).exists():
        raise RegionError(_("The reviewer is not on the round's panel."))
    submitted = Assignment.objects.filter(round=round_, reviewer=reviewer, status=AssignmentStatus.SUBMITTED)
    if submitted.exists():
        raise RegionError(
            _(
                "%(name)s has submitted %(count)d reviews in this round: submitted scores stay part of the review, "
                "so the reviewer stays on the panel."
            )
            % {"name": reviewer.get_full_name() or reviewer.username, "count": submitted.count()}
        )
    pending = Assignment.objects.filter(round=round_, reviewer=reviewer).select_related("application")
    affected = [a.application_id for a in pending]
    pending.delete()
    round_.panel.remove(reviewer)
    applications = list(
        Application.objects.filter(pk__in=affected).select_related("institution", "region").order_by("pk")
    )
    waiting = assign_arrivals(round_, applications, user)
    _tell_the_lead_of_waiting(round_, waiting)
    return waiting


# ── one application's reviewers ─────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def add_reviewer(application: Application, user, reviewer, expected_version: int) -> Application:
    """The lead gives an application one more reviewer, among the panel's eligible ones."""
    require(access.leads(access_for(user)), access.leads)
    round_ = open_round_of(application.region_id)
    if round_ is None:
        raise RegionError(_("The review round is closed."))
    claim(Application.objects.filter(status__in=IN_ROUND), application.pk, expected_version)
    if not eligible_reviewers(round_, application).filter(pk=reviewer.pk).exists():
        raise RegionError(_("Choose a reviewer of the panel from another school who does not review it yet."))
    application = Application.objects.select_related("institution", "region").get(pk=application.pk)
    _assign(round_, application, [reviewer.pk], user)
    return Application.objects.get(pk=application.pk)


@transaction.atomic
def remove_reviewer(assignment: Assignment, user, expected_version: int) -> Application:
    """The lead takes a review back from its reviewer, while it is not submitted."""
    require(access.leads(access_for(user)), access.leads)
    _require_open(assignment.round)
    _require_in_round(assignment.application)
    if assignment.status != AssignmentStatus.PENDING:
        raise RegionError(
            _("%(name)s has submitted their scores for this application: a submitted review stays.")
            % {"name": assignment.reviewer.get_full_name() or assignment.reviewer.username}
        )
    claim(Assignment.objects.filter(status=AssignmentStatus.PENDING), assignment.pk, expected_version)
    Assignment.objects.filter(pk=assignment.pk).delete()
    return assignment.application
