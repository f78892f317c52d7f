"""Member units' self-reports of the year: writing with evidence, submitting, returning and rating
(the table of committee.workflow)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for, require
from colleges.models import MemberUnit
from core.files import delete_after_commit, writing_files
from core.uploads import CheckedFile
from core.versions import claim, stale
from notifications.services import notify

from ..access import authors_unit, people_of
from ..models import RatingLevel, UnitReport, UnitReportFile
from ..workflow import WORKFLOW
from .common import CommitteeError, record_event, store_files


@transaction.atomic
def save_unit_report(unit: MemberUnit, year: int, user, text: str, expected_version: int) -> UnitReport:
    """Write the unit's self-report of the year: the first save creates it (expected_version 0)."""
    access = access_for(user)
    require(authors_unit(access, unit.pk), authors_unit)
    report = UnitReport.objects.filter(unit=unit, year=year).first()
    if report is None:
        if expected_version:
            raise CommitteeError(_("This self-report no longer exists."))
        try:
            with transaction.atomic():
                report = UnitReport.objects.create(unit=unit, year=year, text=text)
        except IntegrityError:
            raise stale(UnitReport, UnitReport.objects.get(unit=unit, year=year).pk) from None
        record_event(report, user, "create")
        return report
    if not WORKFLOW.can_edit(report.status, access, unit.pk):
        raise CommitteeError(_("This self-report can no longer be edited in its current state."))
    claim(UnitReport.objects.filter(status__in=WORKFLOW.editable_statuses), report.pk, expected_version, text=text)
    record_event(report, user, "edit")
    return UnitReport.objects.get(pk=report.pk)


@transaction.atomic
def transition_unit_report(report: UnitReport, user, action: str, comment: str, expected_version: int):
    """Submit (the unit) or return with a reason (staff)."""
    access = access_for(user)
    comment = comment.strip()
    if action not in WORKFLOW.buttons:
        raise CommitteeError(_("This action is not available for this self-report."))
    WORKFLOW.require_role(action, access, report.unit_id)
    if report.version != expected_version:
        raise stale(UnitReport, report.pk)
    if not WORKFLOW.can(action, report.status, access, report.unit_id):
        raise CommitteeError(_("This action is not available for this self-report."))
    rule = WORKFLOW[action]
    if rule.needs_comment and not comment:
        raise CommitteeError(_("Please give a reason, so that the unit knows what to correct."))
    changes = {"status": rule.target}
    if action == "submit":
        if not report.text.strip():
            raise CommitteeError(_("Please write the self-report before submitting it."))
        changes["submitted_at"] = timezone.now()
    else:
        changes.update(return_reason=comment, rating=None, rated_at=None, rated_by=None)
    claim(UnitReport.objects.filter(status__in=rule.sources), report.pk, expected_version, **changes)
    record_event(report, user, action, comment)
    if action == "return":
        notify(
            people_of(units=[report.unit_id]),
            _("Your %(year)d self-report was returned") % {"year": report.year},
            pgettext("return reason", "Reason: %(reason)s") % {"reason": comment},
            report.get_absolute_url(),
            facts=[
                (pgettext("field", "Member unit"), report.unit.name),
                (pgettext("field", "Year"), str(report.year)),
            ],
        )
    return UnitReport.objects.get(pk=report.pk)


@transaction.atomic
def rate_unit_report(report: UnitReport, user, level: RatingLevel, comment: str, expected_version: int):
    access = access_for(user)
    require(WORKFLOW.may_ever("rate", access, report.unit_id))
    if not WORKFLOW.can("rate", report.status, access, report.unit_id):
        raise CommitteeError(_("Only a submitted self-report can be rated."))
    claim(
        UnitReport.objects.filter(status__in=WORKFLOW["rate"].sources),
        report.pk,
        expected_version,
        status=WORKFLOW.target("rate"),
        rating=level,
        rating_comment=comment.strip(),
        rated_at=timezone.now(),
        rated_by=user,
    )
    record_event(report, user, "rate", f"{level.name} {comment.strip()}".strip())
    return UnitReport.objects.get(pk=report.pk)


def add_unit_files(report: UnitReport | None, user, files: list[CheckedFile]) -> None:
    """Add evidence to the unit's self-report, which must be written first (the view asked who may, for a report
    not written yet)."""
    if report is not None:
        WORKFLOW.require_editor(access_for(user), report.unit_id)
    if report is None:
        raise CommitteeError(_("Write the self-report first, then add its evidence."))
    with writing_files() as writer:
        locked = UnitReport.objects.select_for_update().get(pk=report.pk)
        if not WORKFLOW.can_edit(locked.status, access_for(user), locked.unit_id):
            raise CommitteeError(_("Evidence can only be changed while the self-report is a draft or returned."))
        store_files(writer, locked, user, files, locked.files.count(), lambda: UnitReportFile(report=locked))


@transaction.atomic
def remove_unit_file(stored: UnitReportFile, user) -> None:
    locked = UnitReport.objects.select_for_update().get(pk=stored.report_id)
    WORKFLOW.require_editor(access_for(user), locked.unit_id)
    if not WORKFLOW.can_edit(locked.status, access_for(user), locked.unit_id):
        raise CommitteeError(_("Evidence can only be changed while the self-report is a draft or returned."))
    delete_after_commit([stored])
    name = stored.original_name
    stored.delete()
    UnitReport.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    record_event(locked, user, "remove_file", name)
