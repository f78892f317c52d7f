"""The lead's on-site visits (实地考察): planning one per application under review, changing it, recording what the
visitors found. The visitors are the round's panel reviewers of other schools (rules.own_school_violations, as
for the reviews); the visitors and the school's contacts are told of the plan and of each change."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.text import chinese_date
from core.versions import claim
from notifications.services import notify

from .. import access, rules
from ..models import Application, ReviewRound, Status, Visit, VisitChange, VisitState
from .common import ASSESSMENT, RegionError, require

# A visit belongs to the review: planned once the school is under review, recorded before or after the result.
VISITED = (Status.UNDER_REVIEW, Status.REVIEWED, Status.PUBLISHED)


def visitor_choices(round_: ReviewRound, application: Application):
    """The panel's reviewers who may visit the school: none of its own."""
    return (
        round_.panel.exclude(affiliation__institution=application.institution_id)
        .select_related("affiliation__institution")
        .order_by("affiliation__institution__code", "username")
    )


def _check(round_: ReviewRound, application: Application, visitors, agenda: str) -> list:
    if application.status not in VISITED:
        raise RegionError(_("Only a school under collective review can be visited."))
    visitors = list(visitors)
    if not visitors:
        raise RegionError(_("Choose at least one visiting reviewer."))
    panel = set(round_.panel.values_list("pk", flat=True))
    schools = dict(
        access.reviewers_of(round_.region)
        .filter(pk__in=[v.pk for v in visitors])
        .values_list("pk", "affiliation__institution_id")
    )
    pairs = [
        (rules.Candidate(application.pk, application.institution_id), rules.Candidate(v.pk, schools.get(v.pk)))
        for v in visitors
    ]
    if any(v.pk not in panel or v.pk not in schools for v in visitors) or rules.own_school_violations(pairs):
        raise RegionError(_("The visitors must be reviewers of the panel from other schools."))
    if not rules.normalise_text(agenda).strip():
        raise RegionError(_("Write the visit's agenda."))
    return visitors


def _facts(visit: Visit) -> list[tuple[str, str]]:
    return [
        (pgettext("field", "Visit date"), chinese_date(visit.visit_on)),
        (pgettext("field", "Member school"), visit.application.institution.name),
    ]


def _tell(visit: Visit, title: str) -> None:
    people = [*visit.visitors.all(), *access.contacts_of(visit.application.institution_id)]
    notify(people, title, "", visit.get_absolute_url(), kind=ASSESSMENT, facts=_facts(visit))


@transaction.atomic
def plan_visit(application: Application, user, visit_on: datetime.date, visitors, agenda: str) -> Visit:
    round_ = ReviewRound.objects.filter(region_id=application.region_id).select_related("region").first()
    require(access.plans_visits(user, round_), access.plans_visits)
    if Visit.objects.filter(application=application).exists():
        raise RegionError(_("This school's visit is already planned; change it instead."))
    visitors = _check(round_, application, visitors, agenda)
    visit = Visit.objects.create(
        application=application, round=round_, visit_on=visit_on, agenda=rules.normalise_text(agenda), planned_by=user
    )
    visit.visitors.set(visitors)
    VisitChange.objects.create(visit=visit, actor=user, state=VisitState.PLANNED)
    _tell(
        visit,
        _("On-site visit to %(school)s on %(day)s")
        % {"school": application.institution.short_name, "day": chinese_date(visit_on)},
    )
    return visit


@transaction.atomic
def change_visit(visit: Visit, user, expected_version: int, visit_on: datetime.date, visitors, agenda: str) -> Visit:
    require(access.plans_visits(user, visit.round), access.plans_visits)
    visitors = _check(visit.round, visit.application, visitors, agenda)
    claim(
        Visit,
        visit.pk,
        expected_version,
        history=VisitChange(visit=visit, actor=user, state=visit.state, comment=_("Date, visitors or agenda changed")),
        visit_on=visit_on,
        agenda=rules.normalise_text(agenda),
    )
    visit.visitors.set(visitors)
    visit.refresh_from_db()
    _tell(
        visit,
        _("The on-site visit to %(school)s changed: %(day)s")
        % {"school": visit.application.institution.short_name, "day": chinese_date(visit_on)},
    )
    return visit


@transaction.atomic
def record_findings(visit: Visit, user, expected_version: int, findings: str) -> Visit:
    require(access.plans_visits(user, visit.round), access.plans_visits)
    findings = rules.normalise_text(findings)
    if not findings.strip():
        raise RegionError(_("Write what the visitors found."))
    claim(
        Visit,
        visit.pk,
        expected_version,
        history=VisitChange(visit=visit, actor=user, state=VisitState.RECORDED),
        findings=findings,
        state=VisitState.RECORDED,
        recorded_at=timezone.now(),
    )
    visit.refresh_from_db()
    notify(
        visit.visitors.all(),
        _("The findings of the visit to %(school)s are recorded")
        % {"school": visit.application.institution.short_name},
        "",
        visit.get_absolute_url(),
        kind=ASSESSMENT,
        facts=_facts(visit),
    )
    return visit
