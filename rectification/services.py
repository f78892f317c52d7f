"""Every write to a 整改 item: created from a final assessment (automatically when it is finalised, or by staff's
choice), its plan, its progress notes with their evidence, and the workflow's steps. Each claims the item's version
with core.versions.claim and writes its history line; the college's secretaries and staff are told."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityReport
from colleges.access import access_for
from colleges.models import Role
from core.files import writing_files
from core.text import fmt
from core.versions import claim, stale
from notifications.models import NoticeKind
from notifications.services import notify_college, notify_role
from scoring.models import Assessment, AssessmentStatus, IndicatorScore
from scoring.schemes import scored_indicators

from . import rules
from .access import creates_items
from .models import ItemAction, ItemEvent, ItemStatus, NoteFile, ProgressNote, RectificationItem
from .workflow import ACCEPT, PROGRESS, RETURN, SUBMIT, WORKFLOW, RectificationError, RectificationRoleRefused

MAX_FILES_PER_NOTE = 10


def _require(allowed: bool, predicate=None) -> None:
    RectificationRoleRefused.unless(allowed, predicate)


def candidate_scores(assessment: Assessment) -> list[IndicatorScore]:
    """The scored indicators of a final assessment below full marks, in the scheme's order: what staff may choose."""
    indicators = scored_indicators(assessment.scheme)
    scores = IndicatorScore.objects.filter(assessment=assessment, indicator__in=indicators).select_related("indicator")
    return [s for s in scores if (s.final_score or Decimal(0)) < s.indicator.max_points]


def weak_indicator_ids(assessment: Assessment) -> list[int]:
    """The indicators rules.weak_indicators names for a final assessment that is not balanced."""
    indicators = scored_indicators(assessment.scheme)
    scores = {s.indicator_id: s.final_score for s in IndicatorScore.objects.filter(assessment=assessment)}
    scored = [(i.code, scores.get(i.pk) or Decimal(0), i.max_points, i.is_key) for i in indicators]
    weak = set(rules.weak_indicators(scored, assessment.scheme.threshold))
    return [i.pk for i in indicators if i.code in weak]


@transaction.atomic
def create_items(
    assessment: Assessment, user, indicator_ids: Iterable[int], *, automatic: bool = False
) -> list[RectificationItem]:
    """An item per chosen indicator below full marks of a final assessment; an indicator that has one already
    keeps it (so this may run twice). The college's secretaries are told of the new ones."""
    _require(creates_items(access_for(user)), creates_items)
    assessment = Assessment.objects.select_for_update().select_related("scheme", "college").get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.FINALISED:
        raise RectificationError(_("Rectification items are made from a final assessment only."))
    chosen = set(indicator_ids)
    candidates = {s.indicator_id: s for s in candidate_scores(assessment)}
    if chosen - set(candidates):
        raise RectificationError(_("Only indicators below full marks can be rectified."))
    existing = set(
        RectificationItem.objects.filter(assessment=assessment, indicator_id__in=chosen).values_list(
            "indicator_id", flat=True
        )
    )
    created = []
    for indicator_id in sorted(chosen - existing, key=lambda pk: list(candidates).index(pk)):
        score = candidates[indicator_id]
        value = score.final_score or Decimal(0)
        item = RectificationItem.objects.create(
            assessment=assessment,
            indicator=score.indicator,
            college=assessment.college,
            year=assessment.scheme.year,
            score=value,
            max_points=score.indicator.max_points,
            weakness=score.review_note.strip()
            or _("Scored %(score)s of %(max)s.") % {"score": fmt(value), "max": fmt(score.indicator.max_points)},
            automatic=automatic,
        )
        ItemEvent.objects.create(item=item, actor=user, action=ItemAction.CREATE, to_status=ItemStatus.OPEN)
        created.append(item)
    if created:
        _tell_of_new_items(assessment, created)
    return created


def follow_finalised(assessment: Assessment, user) -> list[RectificationItem]:
    """scoring's follow-up of a finalised assessment (core.portal `follow_ups`): a college that is not balanced
    gets an item per weak indicator."""
    assessment = Assessment.objects.select_related("scheme", "college").get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.FINALISED or assessment.balanced:
        return []
    return create_items(assessment, user, weak_indicator_ids(assessment), automatic=True)


def _tell_of_new_items(assessment: Assessment, items: Sequence[RectificationItem]) -> None:
    year, college = assessment.scheme.year, assessment.college
    title = _("%(count)d rectification items for the %(year)d assessment") % {"count": len(items), "year": year}
    body = _("Write a plan for each: measures, the person responsible and a deadline.")
    facts = [
        (pgettext("field", "College"), college.name),
        (pgettext("field", "Year"), str(year)),
        (pgettext("field", "Indicators"), "、".join(f"{item.indicator.code} {item.indicator.name}" for item in items)),
    ]
    link = reverse("rectification:list") + f"?year={year}"
    notify_college(college, title, body, link, kind=NoticeKind.ASSESSMENT, facts=facts)


def _facts(item: RectificationItem) -> list[tuple[str, str]]:
    return [
        (pgettext("field", "College"), item.college.name),
        (pgettext("field", "Year"), str(item.year)),
        (pgettext("field", "Indicator"), f"{item.indicator.code} {item.indicator.name}"),
    ]


def _editable(user, item: RectificationItem) -> RectificationItem:
    access = access_for(user)
    WORKFLOW.require_editor(access, item.college_id, status=item.status)
    if not WORKFLOW.can_edit(item.status, access, item.college_id):
        raise RectificationError(_("The item has been handed in for acceptance; its plan can no longer change."))
    return item


@transaction.atomic
def save_plan(
    item: RectificationItem, user, *, measures: str, owner: str, deadline: datetime.date, expected_version: int
) -> RectificationItem:
    """The college's plan: measures, the person responsible, a deadline. Writing it first makes the item planned."""
    _editable(user, item)
    if item.version != expected_version:
        raise stale(RectificationItem, item.pk)
    measures, owner = measures.strip(), owner.strip()
    if not measures or not owner or deadline is None:
        raise RectificationError(_("A plan needs its measures, the person responsible and a deadline."))
    first = item.status == ItemStatus.OPEN
    to_status = ItemStatus.PLANNED if first else item.status
    history = ItemEvent(
        item=item,
        actor=user,
        action=ItemAction.PLAN if first else ItemAction.EDIT_PLAN,
        from_status=item.status,
        to_status=to_status,
    )
    claim(
        RectificationItem.objects.filter(status__in=WORKFLOW.editable_statuses),
        item.pk,
        expected_version,
        history=history,
        measures=measures,
        owner=owner,
        deadline=deadline,
        status=to_status,
    )
    return RectificationItem.objects.get(pk=item.pk)


def note_reports(item: RectificationItem):
    """The activity reports a progress note may cite: the college's, of the assessment's year and the next."""
    return ActivityReport.objects.filter(college_id=item.college_id, year__in=[item.year, item.year + 1])


def add_note(
    item: RectificationItem,
    user,
    *,
    text: str,
    on: datetime.date,
    reports: Iterable[ActivityReport] = (),
    files: Sequence = (),
    expected_version: int,
) -> ProgressNote:
    """A progress note with its evidence (the college's reports, uploaded files); the item is then in progress."""
    access = access_for(user)
    WORKFLOW.require_role(PROGRESS, access, item.college_id)
    if item.version != expected_version:
        raise stale(RectificationItem, item.pk)
    text = text.strip()
    if not text:
        raise RectificationError(_("Say what was done."))
    if len(files) > MAX_FILES_PER_NOTE:
        raise RectificationError(_("A note holds at most %(max)d files.") % {"max": MAX_FILES_PER_NOTE})
    reports = list(reports)
    allowed = set(note_reports(item).filter(pk__in=[r.pk for r in reports]).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in reports):
        raise RectificationError(_("Only the college's own activity reports of these years can be cited."))
    with writing_files() as writer:
        rule = WORKFLOW[PROGRESS]
        if item.status not in rule.sources:
            raise RectificationError(_("Progress is noted once the plan is written and until the item is handed in."))
        history = ItemEvent(
            item=item, actor=user, action=ItemAction.PROGRESS, from_status=item.status, to_status=rule.target
        )
        claim(
            RectificationItem.objects.filter(status__in=rule.sources),
            item.pk,
            expected_version,
            history=history,
            status=rule.target,
        )
        note = ProgressNote.objects.create(item=item, text=text, on=on, author=user)
        note.reports.set(reports)
        for checked in files:
            writer.save(NoteFile(note=note), checked, user)
        return note


@transaction.atomic
def transition(item: RectificationItem, user, action: str, comment: str = "", *, expected_version: int):
    """Submit for acceptance (the college), accept or return with a reason (staff)."""
    access = access_for(user)
    if action not in (SUBMIT, ACCEPT, RETURN):
        raise RectificationError(_("This action is not available for the item in its current state."))
    WORKFLOW.require_role(action, access, item.college_id)
    if item.version != expected_version:
        raise stale(RectificationItem, item.pk)
    rule = WORKFLOW[action]
    if item.status not in rule.sources:
        raise RectificationError(_("This action is not available for the item in its current state."))
    comment = (comment or "").strip()
    if rule.needs_comment and not comment:
        raise RectificationError(_("Please give a reason, so that the college knows what is still missing."))
    if action == SUBMIT and not item.notes.exists():
        raise RectificationError(_("Note the progress made, with its evidence, before submitting for acceptance."))
    changes = {"status": rule.target}
    if action == ACCEPT:
        changes["accepted_at"] = timezone.now()
    if action == RETURN:
        changes["return_reason"] = comment
    history = ItemEvent(
        item=item, actor=user, action=action, from_status=item.status, to_status=rule.target, comment=comment
    )
    claim(
        RectificationItem.objects.filter(status__in=rule.sources),
        item.pk,
        expected_version,
        history=history,
        **changes,
    )
    item = RectificationItem.objects.select_related("college", "indicator").get(pk=item.pk)
    _tell(item, action, comment)
    return item


def _tell(item: RectificationItem, action: str, comment: str) -> None:
    label = f"{item.indicator.code} {item.indicator.name}"
    link = item.get_absolute_url()
    if action == SUBMIT:
        title = _("Rectification of %(indicator)s (%(college)s) waits for acceptance") % {
            "indicator": label,
            "college": item.college.short_name,
        }
        notify_role(Role.STAFF, title, "", link, kind=NoticeKind.ASSESSMENT, facts=_facts(item))
    elif action == RETURN:
        title = _("Rectification of %(indicator)s was returned") % {"indicator": label}
        body = pgettext("return reason", "Reason: %(reason)s") % {"reason": comment}
        notify_college(item.college, title, body, link, kind=NoticeKind.ASSESSMENT, facts=_facts(item))
    elif action == ACCEPT:
        title = _("Rectification of %(indicator)s was accepted") % {"indicator": label}
        notify_college(item.college, title, "", link, kind=NoticeKind.ASSESSMENT, facts=_facts(item))
