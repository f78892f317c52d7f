"""One college's assessment of a year: its score rows, the writes to them, its workflow and its verdict.

Every score change goes through `save_scores` (or `import_review_scores`, which calls it), which records the
change, recomputes the verdict in the same transaction and retires the cached figures. Assessments exist from the
moment a college and a year's scheme both do (see `ensure_assessments`, called by the writes that create either);
reading a page never creates one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityReport
from colleges.access import access_for, reviews
from colleges.models import College
from core import portal
from core.cache import figures_changed
from core.errors import who_of
from core.files import writing_files
from core.uploads import CheckedFile
from core.versions import stale
from notifications.models import NoticeKind
from notifications.services import notify_college

from . import rules, workflow
from .models import (
    Assessment,
    AssessmentAction,
    AssessmentDocument,
    AssessmentEvent,
    IndicatorScore,
    Scheme,
    ScoreChange,
    ScoreField,
)
from .schemes import scored_indicators, specs_of
from .workflow import WORKFLOW, ScoringError, ScoringRoleRefused


def ensure_assessments(scheme: Scheme, colleges: Iterable[College] | None = None) -> None:
    """Every college (or those given) has its assessment of the year, with a score row for every scored indicator.

    Called by the writes that create a college, a scheme or an indicator, so that pages only ever read."""
    # The scheme's own school's colleges, also when the caller reads every school (a command, a migration's check).
    colleges = list(College.objects.filter(institution_id=scheme.institution_id) if colleges is None else colleges)
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


def find_assessment(college: College, scheme: Scheme) -> Assessment | None:
    """The college's assessment of the scheme's year, if it exists (it does once both exist); reads only."""
    return Assessment.objects.select_related("college", "scheme").filter(college=college, scheme=scheme).first()


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
    figures_changed()  # the verdict was written through update(), which sends no signal
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
        raise stale(Assessment, assessment.pk)


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
    _check_may_score(assessment, user, field, expected_version)
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
    return assessment


@transaction.atomic
def save_score_sheet(
    assessment: Assessment,
    user,
    field: str,
    values: dict[int, ScoreInput],
    *,
    links: dict[int, list[int]] | None = None,
    documents: dict[IndicatorScore, list[CheckedFile]] | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """One page of scores, all or nothing: the scores and notes and, in the self-assessment, the reports linked
    as evidence and the documents chosen beside each indicator (already checked)."""
    assessment = save_scores(assessment, user, field, values, expected_version=expected_version)
    if links is not None:
        link_reports(assessment, user, links)
    for score, checked in (documents or {}).items():
        add_documents(score, user, checked)
    return assessment


def _check_may_score(assessment: Assessment, user, field: str, expected_version: int | None) -> None:
    """The role first, then the version the page showed, then the assessment's state (core.errors)."""
    access, college_id = access_for(user), assessment.college_id
    if field == ScoreField.SELF:
        WORKFLOW.require_editor(access, college_id)
        _check_version(assessment, expected_version)
        if not WORKFLOW.can_edit(assessment.status, access, college_id):
            raise ScoringError(_("The self-assessment has been submitted and can no longer be changed."))
    elif field == ScoreField.FINAL:
        if not reviews(access, college_id):
            raise ScoringRoleRefused.naming(who_of(reviews))
        _check_version(assessment, expected_version)
        if not workflow.can_enter_review(assessment.status, access, college_id):
            raise ScoringError(_("This assessment is final; reopen it before changing a score."))
    else:
        raise ValueError(field)


@transaction.atomic
def link_reports(assessment: Assessment, user, links: dict[int, list[int]], *, expected_version=None) -> None:
    """Set the activity reports linked as evidence to each score (keyed by IndicatorScore id), during the
    self-assessment. Only the college's own approved reports of the year can be linked; each change is recorded."""
    assessment = Assessment.objects.select_for_update().select_related("scheme", "college").get(pk=assessment.pk)
    WORKFLOW.require_editor(access_for(user), assessment.college_id)
    _check_version(assessment, expected_version)
    if not WORKFLOW.can_edit(assessment.status, access_for(user), assessment.college_id):
        raise ScoringError(_("The self-assessment has been submitted and can no longer be changed."))
    allowed = dict(approved_reports_of(assessment).values_list("pk", "title"))
    scores = assessment.scores.select_related("indicator").prefetch_related("reports").filter(pk__in=links)
    changed = []
    for score in scores:
        wanted = {pk for pk in links[score.pk] if pk in allowed}
        current = {report.pk for report in score.reports.all()}
        if wanted != current:
            score.reports.set(wanted)
            added = "、".join(allowed[pk] for pk in sorted(wanted - current))
            removed = "、".join(allowed.get(pk, str(pk)) for pk in sorted(current - wanted))
            change = score.indicator.code + (f" +{added}" if added else "") + (f" −{removed}" if removed else "")
            changed.append(change)
    if changed:
        AssessmentEvent.objects.create(
            assessment=assessment, actor=user, action=AssessmentAction.LINK_REPORTS, comment="；".join(changed)
        )
        Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)


def approved_reports_of(assessment: Assessment):
    """The reports a college may link as evidence: its own approved reports of the assessment's year."""
    return ActivityReport.objects.approved().filter(college=assessment.college_id, year=assessment.scheme.year)


def _require_complete(assessment: Assessment, field: str, message: str) -> None:
    indicators = scored_indicators(assessment.scheme)
    missing = (
        assessment.scores.filter(indicator__in=indicators, **{f"{field}__isnull": True})
        .values_list("indicator__code", flat=True)
        .order_by("indicator__order")
    )
    if missing:
        raise ScoringError(message % {"codes": "、".join(missing)})


def result_visible_to(user, assessment: Assessment) -> bool:
    """Reviewed scores and the verdict: whoever sees every college at once, the college itself once final."""
    return workflow.result_visible(assessment.status, access_for(user))


@transaction.atomic
def transition(assessment: Assessment, user, action: str, comment: str = "", *, expected_version=None) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("scheme", "college").get(pk=assessment.pk)
    WORKFLOW.require_role(action, access_for(user), assessment.college_id)
    _check_version(assessment, expected_version)
    rule = WORKFLOW[action]
    if assessment.status not in rule.sources:
        raise ScoringError(_("This action is not available for the assessment in its current state."))
    to_status = rule.target
    comment = comment.strip()
    if rule.needs_comment and not comment:
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
    _tell_the_college(assessment, action, comment)
    if action == "finalise":
        portal.follow_up("scoring:finalised", assessment=assessment, user=user)
    return assessment


def _tell_the_college(assessment: Assessment, action: str, comment: str) -> None:
    year, college = assessment.scheme.year, assessment.college
    facts = [(pgettext("field", "College"), college.name), (pgettext("field", "Year"), str(year))]
    options = {"kind": NoticeKind.ASSESSMENT, "facts": facts}
    if action == "finalise":
        title = _("The %(year)d assessment of %(college)s is final") % {"year": year, "college": college}
        body = _("The committee's review is complete; see the result.")
        notify_college(college, title, body, assessment.get_absolute_url(), **options)
    elif action == "return":
        title = _("The %(year)d self-assessment was returned") % {"year": year}
        notify_college(
            college,
            title,
            pgettext("return reason", "Reason: %(reason)s") % {"reason": comment},
            assessment.get_absolute_url(),
            **options,
        )


MAX_DOCUMENTS_PER_INDICATOR = 20


def add_documents(score: IndicatorScore, user, files) -> list[AssessmentDocument]:
    """Evidence documents for one indicator, all or none, while the college may still change its self-assessment."""
    with writing_files() as writer:
        assessment = Assessment.objects.select_for_update().get(pk=score.assessment_id)
        WORKFLOW.require_editor(access_for(user), assessment.college_id)
        if not WORKFLOW.can_edit(assessment.status, access_for(user), assessment.college_id):
            raise ScoringError(_("The self-assessment has been submitted and can no longer be changed."))
        if score.documents.count() + len(files) > MAX_DOCUMENTS_PER_INDICATOR:
            raise ScoringError(
                _("An indicator holds at most %(max)d documents; remove some before adding more.")
                % {"max": MAX_DOCUMENTS_PER_INDICATOR}
            )
        stored = [writer.save(AssessmentDocument(score=score), checked, user) for checked in files]
        Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
        AssessmentEvent.objects.create(
            assessment=assessment,
            actor=user,
            action=AssessmentAction.ADD_DOCUMENTS,
            comment=f"{score.indicator.code}：" + "、".join(document.original_name for document in stored),
        )
        return stored
