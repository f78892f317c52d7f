"""Writes and computed views of the scoring app: schemes, assessments, scores, verdicts, the school's status.

Every score change goes through `save_scores` or `import_review_scores`, which record the change, recompute
the verdict in the same transaction and bump the cache generation, so every figure follows at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import access_for
from colleges.models import College, Role
from core.cache import cached, figures_changed
from notifications.services import notify_college

from . import rules
from .importer import read_scores
from .models import (
    Assessment,
    AssessmentDocument,
    AssessmentEvent,
    AssessmentStatus,
    Indicator,
    IndicatorScore,
    Scheme,
    ScoreChange,
    ScoreField,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


class ScoringError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---- the scheme -------------------------------------------------------------------------------------------------


def scored_indicators(scheme: Scheme) -> list[Indicator]:
    """The indicators that take a score: second-level ones, and first-level ones without children."""
    indicators = list(scheme.indicators.all())
    parents = {i.parent_id for i in indicators if i.parent_id}
    return [i for i in indicators if i.pk not in parents]


def specs_of(indicators: Iterable[Indicator]) -> list[rules.IndicatorSpec]:
    return [indicator.spec() for indicator in indicators]


def scheme_problems(scheme: Scheme, indicators: list[Indicator] | None = None) -> list[str]:
    """Why this scheme cannot be used as it stands; empty when it is sound."""
    indicators = list(scheme.indicators.all()) if indicators is None else indicators
    problems = []
    by_pk = {i.pk: i for i in indicators}
    children = defaultdict(list)
    for indicator in indicators:
        if indicator.parent_id:
            parent = by_pk.get(indicator.parent_id)
            if parent is None or parent.parent_id:
                problems.append(_("%(code)s: the tree has two levels only.") % {"code": indicator.code})
            children[indicator.parent_id].append(indicator)
    leaves = [i for i in indicators if i.pk not in children]
    for parent_pk in children:
        parent = by_pk.get(parent_pk)
        if parent is not None and parent.is_key:
            problems.append(_("%(code)s groups other indicators, so it cannot itself be key.") % {"code": parent.code})
    for indicator in leaves:
        if indicator.max_points <= 0:
            problems.append(_("%(code)s: the maximum must be above zero.") % {"code": indicator.code})
    total = sum((i.max_points for i in leaves), Decimal(0))
    if total != scheme.total:
        problems.append(
            _("The scored indicators add up to %(sum)s points, not the scheme's total of %(total)s.")
            % {"sum": rules.fmt(total), "total": rules.fmt(scheme.total)}
        )
    if not any(i.is_key for i in leaves):
        problems.append(_("The scheme has no key indicator."))
    if not Decimal(0) < scheme.threshold <= scheme.total:
        problems.append(_("The threshold must be above zero and at most the total."))
    return problems


def refresh_group_maximums(scheme: Scheme) -> None:
    """A first-level indicator's maximum is the sum of its children's, so the tree always adds up."""
    for group in scheme.indicators.filter(parent__isnull=True).prefetch_related("children"):
        kids = list(group.children.all())
        if kids:
            total = sum((k.max_points for k in kids), Decimal(0))
            if group.max_points != total:
                Indicator.objects.filter(pk=group.pk).update(max_points=total)


@transaction.atomic
def load_scheme(data: dict) -> tuple[Scheme, bool]:
    """Create the scheme of the data file's year if it is missing; an existing one is left as staff left it."""
    scheme, created = Scheme.objects.get_or_create(
        year=data["year"],
        defaults={
            "title": data["title"],
            "total": Decimal(data["total"]),
            "threshold": Decimal(data["threshold"]),
            "self_assessment_deadline": data.get("self_assessment_deadline"),
        },
    )
    if not created:
        return scheme, False
    order = 0
    for group in data["indicators"]:
        order += 1
        parent = Indicator.objects.create(
            scheme=scheme, code=group["code"], name=group["name"], max_points=Decimal(0), order=order * 10
        )
        for child in group["children"]:
            order += 1
            Indicator.objects.create(
                scheme=scheme,
                parent=parent,
                code=child["code"],
                name=child["name"],
                max_points=Decimal(child["max"]),
                is_key=child.get("key", False),
                mode=child.get("mode", rules.POINTS),
                points_text=child.get("points", ""),
                evidence_hint=child.get("evidence", ""),
                order=order * 10,
            )
    refresh_group_maximums(scheme)
    return scheme, True


def load_scheme_file(path: Path = DATA_DIR / "scheme_2022.json") -> tuple[Scheme, bool]:
    return load_scheme(json.loads(Path(path).read_text(encoding="utf-8")))


@transaction.atomic
def copy_scheme(source: Scheme, year: int) -> Scheme:
    if Scheme.objects.filter(year=year).exists():
        raise ScoringError(_("There is already a scheme for %(year)d.") % {"year": year})
    scheme = Scheme.objects.create(
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        total=source.total,
        threshold=source.threshold,
    )
    new_parents = {}
    groups_first = [*source.indicators.filter(parent__isnull=True), *source.indicators.filter(parent__isnull=False)]
    for indicator in groups_first:
        copy = Indicator.objects.create(
            scheme=scheme,
            parent=new_parents.get(indicator.parent_id),
            code=indicator.code,
            name=indicator.name,
            points_text=indicator.points_text,
            max_points=indicator.max_points,
            is_key=indicator.is_key,
            mode=indicator.mode,
            evidence_hint=indicator.evidence_hint,
            order=indicator.order,
        )
        new_parents[indicator.pk] = copy
    return scheme


# ---- assessments ------------------------------------------------------------------------------------------------


def ensure_assessments(scheme: Scheme, colleges: Iterable[College] | None = None) -> None:
    """Every active college has its assessment of the year, with a score row for every scored indicator."""
    colleges = list(College.objects.active() if colleges is None else colleges)
    existing = set(Assessment.objects.filter(scheme=scheme).values_list("college_id", flat=True))
    Assessment.objects.bulk_create(
        [Assessment(college=c, scheme=scheme) for c in colleges if c.pk not in existing], ignore_conflicts=True
    )
    indicators = scored_indicators(scheme)
    assessments = Assessment.objects.filter(scheme=scheme, college__in=colleges).values_list("pk", flat=True)
    have = set(IndicatorScore.objects.filter(assessment__in=assessments).values_list("assessment_id", "indicator_id"))
    IndicatorScore.objects.bulk_create(
        [
            IndicatorScore(assessment_id=a, indicator=i)
            for a in assessments
            for i in indicators
            if (a, i.pk) not in have
        ],
        ignore_conflicts=True,
    )


def assessment_for(college: College, scheme: Scheme) -> Assessment:
    ensure_assessments(scheme, [college])
    return Assessment.objects.select_related("college", "scheme").get(college=college, scheme=scheme)


def scores_of(assessment: Assessment) -> list[IndicatorScore]:
    """The assessment's scores in scheme order, for the indicators that are scored today."""
    indicators = {i.pk: i for i in scored_indicators(assessment.scheme)}
    scores = [
        s
        for s in assessment.scores.select_related("indicator__parent").prefetch_related("reports", "documents")
        if s.indicator_id in indicators
    ]
    return sorted(scores, key=lambda s: (s.indicator.order, s.indicator.code))


def verdict_from(scores: Iterable[IndicatorScore], specs: list[rules.IndicatorSpec], threshold: Decimal, field: str):
    values = {s.indicator.code: getattr(s, field) for s in scores}
    return rules.judge(values, specs, threshold)


def verdict_of(assessment: Assessment, scores: list[IndicatorScore]) -> rules.Verdict:
    """The verdict with its reasons, in the active language, from the reviewed scores."""
    specs = specs_of(scored_indicators(assessment.scheme))
    return verdict_from(scores, specs, assessment.scheme.threshold, ScoreField.FINAL)


def recompute(assessment: Assessment) -> Assessment:
    """Derive the stored totals and verdict from the scores (the reviewed ones make the verdict).

    The reasons are not stored: they are words, rendered in the reader's language from the scores.
    """
    indicators = scored_indicators(assessment.scheme)
    specs = specs_of(indicators)
    scores = list(assessment.scores.select_related("indicator").filter(indicator__in=indicators))
    verdict = verdict_from(scores, specs, assessment.scheme.threshold, ScoreField.FINAL)
    assessment.self_total = sum((s.self_score or Decimal(0) for s in scores), Decimal(0))
    assessment.final_total = verdict.total
    assessment.balanced = verdict.balanced
    assessment.key_short = list(verdict.key_short)
    Assessment.objects.filter(pk=assessment.pk).update(
        self_total=assessment.self_total,
        final_total=assessment.final_total,
        balanced=assessment.balanced,
        key_short=assessment.key_short,
    )
    return assessment


def recompute_scheme(scheme: Scheme) -> int:
    """Every verdict of the year from scratch, in a number of queries that does not grow with the colleges.

    Only assessments whose derived fields change are written, grouped by their new values, so that a
    recompute after one score change writes one row and a full recompute writes one UPDATE per distinct result.
    Returns how many verdicts were computed.
    """
    indicators = scored_indicators(scheme)
    specs = specs_of(indicators)
    codes = {i.pk: i.code for i in indicators}
    final = defaultdict(dict)
    self_totals = defaultdict(Decimal)
    rows = IndicatorScore.objects.filter(assessment__scheme=scheme, indicator__in=indicators).values_list(
        "assessment_id", "indicator_id", "self_score", "final_score"
    )
    for assessment_id, indicator_id, self_score, final_score in rows.iterator(chunk_size=5000):
        final[assessment_id][codes[indicator_id]] = final_score
        self_totals[assessment_id] += self_score or 0
    fields = ["self_total", "final_total", "balanced", "key_short"]
    current = Assessment.objects.filter(scheme=scheme).values_list("pk", *fields)
    changed = defaultdict(list)
    computed = 0
    for pk, *stored in current.iterator(chunk_size=5000):
        verdict = rules.judge(final[pk], specs, scheme.threshold)
        new = (self_totals[pk], verdict.total, verdict.balanced, list(verdict.key_short))
        computed += 1
        if list(new) != stored:
            changed[json.dumps([str(new[0]), str(new[1]), *new[2:]], ensure_ascii=False)].append((pk, new))
    for group in changed.values():
        values = dict(zip(fields, group[0][1], strict=True))
        pks = [pk for pk, _new in group]
        for start in range(0, len(pks), 500):
            Assessment.objects.filter(pk__in=pks[start : start + 500]).update(**values)
    figures_changed()
    return computed


def _check_version(assessment: Assessment, expected_version: int | None) -> None:
    if expected_version is not None and assessment.version != expected_version:
        raise ScoringError(
            _("Someone else changed this assessment a moment ago. Nothing was saved; please look at it again.")
        )


@dataclass(frozen=True)
class ScoreInput:
    score: Decimal | None
    note: str = ""


@transaction.atomic
def save_scores(
    assessment: Assessment,
    user,
    field: str,
    values: dict[int, ScoreInput],
    *,
    expected_version: int | None = None,
    source: str = "form",
) -> Assessment:
    """Write self scores (`self_score`) or reviewed scores (`final_score`), keyed by IndicatorScore id."""
    assessment = Assessment.objects.select_for_update().select_related("scheme", "college").get(pk=assessment.pk)
    _check_version(assessment, expected_version)
    role = access_for(user).role
    if field == ScoreField.SELF:
        if assessment.status != AssessmentStatus.SELF:
            raise ScoringError(_("The self-assessment has been submitted and can no longer be changed."))
        if role not in {Role.SECRETARY, Role.STAFF, Role.ADMIN}:
            raise ScoringError(_("Your role may not change this."))
    elif field == ScoreField.FINAL:
        if assessment.status == AssessmentStatus.FINALISED:
            raise ScoringError(_("This assessment is final; reopen it before changing a score."))
        if role not in {Role.STAFF, Role.ADMIN}:
            raise ScoringError(_("Only committee staff enter reviewed scores."))
    else:
        raise ValueError(field)
    note_field = "self_note" if field == ScoreField.SELF else "review_note"
    scores = {s.pk: s for s in assessment.scores.select_related("indicator").filter(pk__in=values)}
    changes = []
    for pk, given in values.items():
        score = scores[pk]
        old = getattr(score, field)
        if given.score is not None:
            problem = rules.score_problem(given.score, score.indicator.spec())
            if problem:
                raise ScoringError(f"{score.indicator.code}：{problem}")
        if old != given.score or getattr(score, note_field) != given.note:
            if old != given.score:
                changes.append(
                    ScoreChange(
                        score=score, field=field, old_value=old, new_value=given.score, changed_by=user, source=source
                    )
                )
            setattr(score, field, given.score)
            setattr(score, note_field, given.note)
            score.save(update_fields=[field, note_field])
    ScoreChange.objects.bulk_create(changes)
    Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
    assessment.version += 1
    recompute(assessment)
    figures_changed()
    return assessment


def _require_complete(assessment: Assessment, field: str, message: str) -> None:
    indicators = scored_indicators(assessment.scheme)
    missing = (
        assessment.scores.filter(indicator__in=indicators, **{f"{field}__isnull": True})
        .values_list("indicator__code", flat=True)
        .order_by("indicator__order")
    )
    if missing:
        raise ScoringError(message % {"codes": "、".join(missing)})


# action: (from statuses, to status, roles, needs a comment)
TRANSITIONS = {
    "submit": ({AssessmentStatus.SELF}, AssessmentStatus.SUBMITTED, {Role.SECRETARY, Role.STAFF, Role.ADMIN}, False),
    "return": ({AssessmentStatus.SUBMITTED}, AssessmentStatus.SELF, {Role.STAFF, Role.ADMIN}, True),
    "finalise": (
        {AssessmentStatus.SELF, AssessmentStatus.SUBMITTED},
        AssessmentStatus.FINALISED,
        {Role.STAFF, Role.ADMIN},
        False,
    ),
    "reopen": ({AssessmentStatus.FINALISED}, AssessmentStatus.SUBMITTED, {Role.STAFF, Role.ADMIN}, True),
}


def result_visible_to(user, assessment: Assessment) -> bool:
    """Reviewed scores and the verdict: whoever sees every college at once, the college itself once final."""
    return access_for(user).sees_every_college or assessment.is_final


def available_actions(assessment: Assessment, role: str | None) -> list[str]:
    return [a for a, (starts, _to, roles, _c) in TRANSITIONS.items() if assessment.status in starts and role in roles]


@transaction.atomic
def transition(assessment: Assessment, user, action: str, comment: str = "", *, expected_version=None) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("scheme", "college").get(pk=assessment.pk)
    _check_version(assessment, expected_version)
    role = access_for(user).role
    rule = TRANSITIONS.get(action)
    if rule is None or role not in rule[2]:
        raise ScoringError(_("Your role may not change this."))
    starts, to_status, _roles, needs_comment = rule
    if assessment.status not in starts:
        raise ScoringError(_("This action is not available for the assessment in its current state."))
    comment = comment.strip()
    if needs_comment and not comment:
        raise ScoringError(_("Please give a reason."))
    if action == "submit":
        _require_complete(assessment, "self_score", _("Score every indicator before submitting; missing: %(codes)s."))
        assessment.submitted_at = timezone.now()
    if action == "finalise":
        _require_complete(
            assessment, "final_score", _("Enter a reviewed score for every indicator first; missing: %(codes)s.")
        )
        assessment.finalised_at, assessment.finalised_by = timezone.now(), user
    if action == "reopen":
        assessment.finalised_at, assessment.finalised_by = None, None
    assessment.status = to_status
    assessment.version += 1
    assessment.save()
    AssessmentEvent.objects.create(assessment=assessment, actor=user, action=action, comment=comment)
    recompute(assessment)
    figures_changed()
    _tell_the_college(assessment, action, comment)
    return assessment


def _tell_the_college(assessment: Assessment, action: str, comment: str) -> None:
    year, college = assessment.scheme.year, assessment.college
    if action == "finalise":
        title = _("The %(year)d assessment of %(college)s is final") % {"year": year, "college": college}
        notify_college(
            college, title, _("The committee's review is complete; see the result."), assessment.get_absolute_url()
        )
    elif action == "return":
        title = _("The %(year)d self-assessment was returned") % {"year": year}
        notify_college(college, title, comment, assessment.get_absolute_url())


@dataclass(frozen=True)
class ImportResult:
    scores: int
    colleges: int
    finalised: int


def import_review_scores(
    scheme: Scheme, filename: str, content: bytes, user, *, finalise: bool = True
) -> ImportResult:
    """Reviewed scores from a sheet, all or nothing: one bad row and nothing at all is saved."""
    ensure_assessments(scheme)
    indicators = scored_indicators(scheme)
    colleges = {c.code: c for c in College.objects.filter(assessments__scheme=scheme)}
    rows = read_scores(filename, content, colleges=set(colleges), indicators={i.code: i.spec() for i in indicators})
    by_college = defaultdict(list)
    for row in rows:
        by_college[row.college_code].append(row)
    finalised = 0
    with transaction.atomic():
        assessments = {
            a.college.code: a
            for a in Assessment.objects.select_for_update().filter(scheme=scheme).select_related("college", "scheme")
        }
        for code, college_rows in by_college.items():
            assessment = assessments[code]
            if assessment.is_final:
                # The committee's sheet is its review: a final assessment is reopened, rescored and, if complete,
                # finalised again — every step in its history and every score change in the trail.
                assessment = transition(assessment, user, "reopen", _("Reopened by import"))
            score_ids = dict(assessment.scores.values_list("indicator__code", "pk"))
            values = {score_ids[r.indicator_code]: ScoreInput(r.score, r.comment) for r in college_rows}
            assessment = save_scores(assessment, user, ScoreField.FINAL, values, source="import")
            if finalise and not assessment.scores.filter(indicator__in=indicators, final_score__isnull=True).exists():
                transition(assessment, user, "finalise", _("Finalised by import"))
                finalised += 1
    return ImportResult(scores=len(rows), colleges=len(by_college), finalised=finalised)


@transaction.atomic
def add_documents(score: IndicatorScore, user, files) -> list[AssessmentDocument]:
    """Evidence documents for one indicator, while the college may still change its self-assessment."""
    assessment = Assessment.objects.select_for_update().get(pk=score.assessment_id)
    if assessment.status != AssessmentStatus.SELF:
        raise ScoringError(_("The self-assessment has been submitted and can no longer be changed."))
    stored = []
    for checked in files:
        document = AssessmentDocument(
            score=score,
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=user,
        )
        document.file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
        document.save()
        stored.append(document)
    return stored


# ---- the school's view ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollegeStanding:
    college: College
    assessment: Assessment
    gap: Decimal  # points missing to the threshold
    weakest: tuple[tuple[str, str, Decimal, Decimal], ...]  # (code, name, score, max) of the lowest shares


@dataclass(frozen=True)
class SchoolStatus:
    year: int
    balanced: int
    colleges: int
    finalised: int
    percent: Decimal
    threshold: Decimal
    standings: tuple[CollegeStanding, ...]


def school_status(scheme: Scheme) -> SchoolStatus:
    """N of M active colleges balanced in finalised assessments, and each college's gap, in fixed queries."""
    ensure_assessments(scheme)
    indicators = {i.pk: i for i in scored_indicators(scheme)}
    assessments = list(
        Assessment.objects.filter(scheme=scheme, college__active=True)
        .select_related("college", "scheme")
        .prefetch_related(
            Prefetch("scores", queryset=IndicatorScore.objects.only("assessment_id", "indicator_id", "final_score"))
        )
        .order_by("college__order", "college__code")
    )
    standings = []
    for assessment in assessments:
        scored = [
            (indicators[s.indicator_id], s.final_score or Decimal(0))
            for s in assessment.scores.all()
            if s.indicator_id in indicators
        ]
        weakest = sorted(scored, key=lambda pair: (pair[1] / pair[0].max_points, -pair[0].max_points))[:3]
        standings.append(
            CollegeStanding(
                college=assessment.college,
                assessment=assessment,
                gap=max(Decimal(0), scheme.threshold - assessment.final_total),
                weakest=tuple((i.code, i.name, score, i.max_points) for i, score in weakest if score < i.max_points),
            )
        )
    balanced = sum(1 for a in assessments if a.is_final and a.balanced)
    return SchoolStatus(
        year=scheme.year,
        balanced=balanced,
        colleges=len(assessments),
        finalised=sum(1 for a in assessments if a.is_final),
        percent=rules.share(balanced, len(assessments)),
        threshold=scheme.threshold,
        standings=tuple(standings),
    )


def balanced_share(year: int) -> tuple[Decimal, int, int]:
    """(percent, balanced, colleges) of the year, cached until the next score change."""

    def compute():
        scheme = Scheme.objects.filter(year=year).first()
        colleges = College.objects.active().count()
        if scheme is None:
            return (Decimal(0), 0, colleges)
        balanced = Assessment.objects.filter(
            scheme=scheme, college__active=True, status=AssessmentStatus.FINALISED, balanced=True
        ).count()
        return (rules.share(balanced, colleges), balanced, colleges)

    return cached(f"balanced-share:{year}", compute)


def what_if(assessment: Assessment, trial: dict[str, Decimal | None]) -> tuple[rules.Verdict, Decimal, Decimal]:
    """The verdict these trial scores would give, and the school's percentage before and after. Writes nothing."""
    specs = specs_of(scored_indicators(assessment.scheme))
    verdict = rules.judge(trial, specs, assessment.scheme.threshold)
    percent_now, balanced, colleges = balanced_share(assessment.scheme.year)
    counted_now = assessment.is_final and assessment.balanced and assessment.college.active
    balanced_then = balanced - (1 if counted_now else 0) + (1 if verdict.balanced and assessment.college.active else 0)
    return verdict, percent_now, rules.share(balanced_then, colleges)
