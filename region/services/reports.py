"""The region work report: the lead's edits and its sending to the province.

Submitting asks first (the province is told at once); an edit after that is sent again in the same step, marked
resubmitted, so that what the province reads is always the lead's current text and the lead is warned on the
edit page before saving. Refusing edits after submission was the other choice: it would leave a mistake found
later with no way to correct it but outside the portal."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.text import chinese_date, nest_quotes
from core.versions import claim
from notifications.services import notify

from .. import access, rules
from ..models import Region, ReportState, WorkReport
from .common import RegionError, require


def _tell_province(report: WorkReport, again: bool) -> None:
    title = (
        _("The work report of %(region)s was revised and sent again")
        if again
        else _("The work report of %(region)s was submitted")
    ) % {"region": nest_quotes(str(report.region))}
    facts = [
        (pgettext("field", "region"), str(report.region)),
        (pgettext("field", "Lead school"), report.region.lead.name),
        (pgettext("field", "submitted at"), chinese_date(timezone.localdate(report.submitted_at))),
    ]
    notify(access.province_people(), title, "", report.region.get_work_report_url(), email=True, facts=facts)


@transaction.atomic
def save_work_report(region: Region, user, text: str, expected_version: int | None) -> WorkReport:
    """The lead's text; once submitted, saving it sends it to the province again."""
    require(access.leads(access_for(user)), access.leads)
    text = rules.normalise_text(text)
    if not text.strip():
        raise RegionError(_("The work report cannot be empty."))
    existing = WorkReport.objects.filter(region=region).first()
    if existing is None:
        return WorkReport.objects.create(region=region, text=text, updated_by=user)
    changes = {"text": text, "updated_by": user, "updated_at": timezone.now()}
    if existing.is_submitted:
        changes |= {"state": ReportState.RESUBMITTED, "submitted_by": user, "submitted_at": timezone.now()}
    claim(WorkReport, existing.pk, expected_version, **changes)
    report = WorkReport.objects.select_related("region__lead").get(pk=existing.pk)
    if report.is_submitted:
        _tell_province(report, again=True)
    return report


@transaction.atomic
def submit_work_report(region: Region, user, expected_version: int) -> WorkReport:
    """Send the saved report to the province (once; a later edit resends it)."""
    require(access.submits_work_report(user), access.submits_work_report)
    report = WorkReport.objects.filter(region=region).first()
    if report is None:
        raise RegionError(_("Save the work report before submitting it."))
    if report.is_submitted:
        raise RegionError(_("The work report has already been submitted to the province."))
    claim(
        WorkReport.objects.filter(state=ReportState.DRAFT),
        report.pk,
        expected_version,
        state=ReportState.SUBMITTED,
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    report = WorkReport.objects.select_related("region__lead").get(pk=report.pk)
    _tell_province(report, again=False)
    return report
