"""The collective review: opening the round and assigning reviewers, reassigning, the reviewers' blind sheets,
the collective result the lead records (pre-filled from the reviewers' mean) and closing the round."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.text import chinese_date
from core.versions import claim
from notifications.services import notify

from .. import access, rules, summary
from ..models import (
    Action,
    Affiliation,
    Application,
    ApplicationEvent,
    ApplicationScoreChange,
    Assignment,
    AssignmentStatus,
    Region,
    ReviewRound,
    ReviewScore,
    RoundStatus,
    SchoolIndicator,
    SchoolScheme,
    ScoreField,
    Status,
)
from .applications import transition
from .assignment import IN_ROUND
from .common import ASSESSMENT, RegionError, check_scores, require

# ── the review round ────────────────────────────────────────────────────────────────────────────────────────────


def _candidates(applications, reviewers) -> tuple[list[rules.Candidate], list[rules.Candidate]]:
    schools = dict(Affiliation.objects.filter(user__in=reviewers).values_list("user_id", "institution_id"))
    apps = [rules.Candidate(a.pk, a.institution_id) for a in applications]
    people = [rules.Candidate(r.pk, schools[r.pk]) for r in reviewers if r.pk in schools]
    return apps, people


@transaction.atomic
def open_round(
    region: Region,
    user,
    *,
    deadline: datetime.date,
    panel: list,
    disagreement_points: Decimal = Decimal(2),
    reviewers_per_application: int = 2,
) -> ReviewRound:
    """Open the region-year's review: every submitted application goes under review, assigned automatically so
    that nobody reviews their own school and the load is even. The panel and the schools are told."""
    require(access.leads(access_for(user)), access.leads)
    if ReviewRound.objects.filter(region=region).exists():
        raise RegionError(_("This region's review round has already been opened."))
    panel = [u for u in panel if access.is_reviewer(access_for(u))]
    schools = set(Affiliation.objects.filter(user__in=panel).values_list("institution_id", flat=True))
    if not panel or not schools <= set(region.members.values_list("pk", flat=True)):
        raise RegionError(_("The panel must be reviewers of the region's member schools."))
    applications = list(Application.objects.filter(region=region, status=Status.SUBMITTED).select_for_update())
    if not applications:
        raise RegionError(_("No application has been submitted yet: there is nothing to review."))
    round_ = ReviewRound.objects.create(
        region=region,
        deadline=deadline,
        disagreement_points=disagreement_points,
        reviewers_per_application=reviewers_per_application,
        opened_by=user,
    )
    round_.panel.set(panel)
    apps, people = _candidates(applications, panel)
    try:
        plan = rules.assign_reviewers(apps, people, reviewers_per_application)
    except rules.AssignmentProblem as problem:
        names = Application.objects.filter(pk__in=problem.application_ids).values_list(
            "institution__short_name", flat=True
        )
        raise RegionError(
            _("No reviewer from another school is on the panel for: %(schools)s.") % {"schools": "、".join(names)}
        ) from None
    indicators = list(SchoolIndicator.objects.filter(scheme__region=region))
    for application in applications:
        for reviewer_id in plan[application.pk]:
            assignment = Assignment.objects.create(round=round_, application=application, reviewer_id=reviewer_id)
            ReviewScore.objects.bulk_create([ReviewScore(assignment=assignment, indicator=i) for i in indicators])
        transition(application, user, Action.START_REVIEW, "", application.version)
    notify(
        panel,
        _("The %(region)s review round is open; reviews are due on %(deadline)s")
        % {"region": str(region), "deadline": chinese_date(deadline)},
        "",
        reverse("region:home"),
        kind=ASSESSMENT,
        facts=[
            (pgettext("field", "Region"), str(region)),
            (pgettext("field", "Applications"), str(len(applications))),
            (pgettext("field", "Due on"), chinese_date(deadline)),
        ],
    )
    notify(
        access.region_contacts(region),
        _("The %(region)s collective review has begun") % {"region": str(region)},
        "",
        region.get_absolute_url(),
        email=False,
    )
    return round_


@transaction.atomic
def reassign(assignment: Assignment, user, reviewer, expected_version: int) -> Assignment:
    """The lead gives a review that nobody has submitted yet to another reviewer of the panel."""
    require(access.leads(access_for(user)), access.leads)
    if assignment.round.status != RoundStatus.OPEN:
        raise RegionError(_("The review round is closed."))
    if assignment.application.status not in IN_ROUND:
        raise RegionError(_("The collective result is recorded: the application's reviewers no longer change."))
    if assignment.status != AssignmentStatus.PENDING:
        raise RegionError(_("A submitted review stays with its reviewer."))
    school = Affiliation.objects.filter(user=reviewer).values_list("institution_id", flat=True).first()
    if not assignment.round.panel.filter(pk=reviewer.pk).exists():
        raise RegionError(_("The reviewer is not on the round's panel."))
    if school == assignment.application.institution_id:
        raise RegionError(_("Nobody reviews their own school."))
    if Assignment.objects.filter(application=assignment.application, reviewer=reviewer).exists():
        raise RegionError(_("This reviewer already reviews this application."))
    claim(
        Assignment.objects.filter(status=AssignmentStatus.PENDING), assignment.pk, expected_version, reviewer=reviewer
    )
    ReviewScore.objects.filter(assignment=assignment).update(score=None, comment="")
    notify(
        [reviewer],
        _("A region application was assigned to you for review"),
        "",
        assignment.get_absolute_url(),
        kind=ASSESSMENT,
        facts=[
            (pgettext("field", "School"), assignment.application.institution.name),
            (pgettext("field", "Region"), str(assignment.application.region)),
        ],
    )
    return Assignment.objects.get(pk=assignment.pk)


@transaction.atomic
def save_review(
    assignment: Assignment,
    user,
    expected_version: int,
    scores: dict[str, str | None],
    comments: dict[str, str],
    *,
    submit: bool,
) -> Assignment:
    """A reviewer saves (and, when `submit`, hands in) their scores of one application; once handed in they stay."""
    require(access.scores_assignment(user, assignment), access.scores_assignment)
    if assignment.round.status != RoundStatus.OPEN:
        raise RegionError(_("The review round is closed."))
    values = check_scores(assignment.application, scores)
    rows = list(assignment.scores.select_related("indicator"))
    if submit:
        missing = [r.indicator.code for r in rows if values.get(r.indicator.code) is None]
        if missing:
            raise RegionError(
                _("Score every indicator before submitting; missing: %(codes)s") % {"codes": "、".join(missing)}
            )
    changes = {}
    if submit:
        changes.update(status=AssignmentStatus.SUBMITTED, submitted_at=timezone.now())
    claim(Assignment.objects.filter(status=AssignmentStatus.PENDING), assignment.pk, expected_version, **changes)
    for row in rows:
        row.score = values.get(row.indicator.code)
        row.comment = (comments.get(row.indicator.code) or "")[:1000]
    ReviewScore.objects.bulk_update(rows, ["score", "comment"])
    return Assignment.objects.get(pk=assignment.pk)


@transaction.atomic
def record_result(
    application: Application, user, expected_version: int, scores: dict[str, str | None], opinion: str
) -> Application:
    """The lead records the collective score per indicator agreed at the review meeting, and the opinion (评议意见);
    the verdict follows from the colleges' rule, with its reasons."""
    require(access.leads(access_for(user)), access.leads)
    if application.status not in {Status.UNDER_REVIEW, Status.REVIEWED}:
        raise RegionError(_("A result is recorded only for an application under review."))
    opinion = rules.normalise_text(opinion).strip()
    if not opinion:
        raise RegionError(_("Please write the review opinion."))
    values = check_scores(application, scores)
    scheme = SchoolScheme.objects.get(region_id=application.region_id)
    specs = scheme.specs()
    missing = [s.code for s in specs if values.get(s.code) is None]
    if missing:
        raise RegionError(
            _("Give every indicator a collective score; missing: %(codes)s") % {"codes": "、".join(missing)}
        )
    verdict = rules.verdict(values, specs, scheme.threshold)
    from_status = application.status
    claim(
        Application.objects.filter(status__in={Status.UNDER_REVIEW, Status.REVIEWED}),
        application.pk,
        expected_version,
        status=Status.REVIEWED,
        collective_total=verdict.total,
        balanced=verdict.balanced,
        reasons=list(verdict.reasons),
        opinion=opinion,
        updated_at=timezone.now(),
    )
    for row in application.scores.select_related("indicator"):
        value = values[row.indicator.code]
        if value != row.collective_score:
            ApplicationScoreChange.objects.create(
                score=row,
                field=ScoreField.COLLECTIVE,
                old_value=row.collective_score,
                new_value=value,
                changed_by=user,
            )
            row.collective_score = value
            row.save(update_fields=["collective_score"])
    ApplicationEvent.objects.create(
        application=application,
        actor=user,
        action=Action.RECORD_RESULT,
        from_status=from_status,
        to_status=Status.REVIEWED,
        comment=opinion,
    )
    return Application.objects.get(pk=application.pk)


@transaction.atomic
def close_round(round_: ReviewRound, user, expected_version: int) -> ReviewRound:
    require(access.leads(access_for(user)), access.leads)
    claim(ReviewRound.objects.filter(status=RoundStatus.OPEN), round_.pk, expected_version, status=RoundStatus.CLOSED)
    return ReviewRound.objects.get(pk=round_.pk)


def publishable(region: Region):
    """The applications whose collective result is recorded and not yet published."""
    return (
        Application.objects.filter(region=region, status=Status.REVIEWED, collective_total__isnull=False)
        .select_related("institution", "region")
        .order_by("institution__code")
    )


@transaction.atomic
def publish_all(region: Region, user, versions: dict[int, int]) -> list[Application]:
    """The lead publishes every recorded result at once, as shown: each application's version as the page listed
    it is claimed, and if one changed meanwhile nothing is published (the lead sees the list as it is now)."""
    require(access.leads(access_for(user)), access.leads)
    shown = list(publishable(region).filter(pk__in=versions))
    if not versions or len(shown) != len(versions):
        raise RegionError(
            _("The results to publish changed since the page was shown; nothing was published. Please look again.")
        )
    return [transition(application, user, Action.PUBLISH, "", versions[application.pk]) for application in shown]


def collective_prefill(application: Application) -> tuple[dict[str, Decimal | None], dict[str, rules.Consolidated]]:
    """The result form's starting point: each indicator's collective score as recorded, else the reviewers' mean;
    and each indicator's consolidation (mean, spread, flag), shown beside the score."""
    consolidated = next(
        (
            row.consolidated
            for row in summary.consolidation(application.region)
            if row.application.pk == application.pk
        ),
        [],
    )
    recorded = {row.indicator.code: row.collective_score for row in application.scores.select_related("indicator")}
    return rules.prefill_collective(recorded, consolidated), {c.code: c for c in consolidated}
