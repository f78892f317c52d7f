"""Background work of the region: the summary builds and the review deadline reminders (a beat task)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.models import Role
from core.background import send_after_commit
from notifications.models import NoticeKind
from notifications.services import notify

from .models import (
    Application,
    AssignmentStatus,
    ExportFormat,
    ExportState,
    Region,
    ReviewRound,
    RoundStatus,
    Status,
    SummaryExport,
)
from .services import people_of

logger = logging.getLogger(__name__)
DEADLINE_REMINDER_DAYS = (7, 1)


def _mine(export_id: int):
    return SummaryExport.objects.filter(pk=export_id, state=ExportState.RUNNING)


@shared_task(ignore_result=True)
def build_summary(export_id: int) -> None:
    """Build a summary: claim the waiting row (a duplicated message finds nothing to claim), report progress."""
    if not SummaryExport.objects.filter(pk=export_id, state=ExportState.PENDING).update(
        state=ExportState.RUNNING, progress=0
    ):
        return
    export = SummaryExport.objects.select_related("region").get(pk=export_id)

    def progress(percent: int) -> None:
        _mine(export_id).update(progress=max(0, min(100, percent)))

    from . import exports

    try:
        if export.format == ExportFormat.PDF:
            content = exports.build_pdf(export.region, progress)
        else:
            content = exports.build_workbook(export.region, progress)
    except exports.PdfUnavailable as error:
        _mine(export_id).update(state=ExportState.FAILED, error=str(error), finished_at=timezone.now())
        return
    except Exception as error:
        logger.exception("Region summary %s failed", export_id)
        _mine(export_id).update(
            state=ExportState.FAILED,
            error=_("The review summary could not be built (%(error)s). Please try again.") % {"error": error},
            finished_at=timezone.now(),
        )
        raise
    export.file.save(export.filename, ContentFile(content), save=False)
    _mine(export_id).update(file=export.file.name, state=ExportState.DONE, progress=100, finished_at=timezone.now())


def request_summary(region, export_format: str, user) -> SummaryExport:
    with transaction.atomic():
        export = SummaryExport.objects.create(region=region, format=export_format, requested_by=user)
        send_after_commit(build_summary, export.pk)
    return export


@shared_task(ignore_result=True)
def review_deadline_reminder(today: str | None = None) -> int:
    """Reviewers with reviews still to submit, a week and a day before the round's deadline (once each)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    told = 0
    for days in DEADLINE_REMINDER_DAYS:
        deadline = day + datetime.timedelta(days=days)
        for round_ in ReviewRound.objects.filter(status=RoundStatus.OPEN, deadline=deadline).select_related("region"):
            waiting = round_.panel.filter(
                region_reviews__round=round_, region_reviews__status=AssignmentStatus.PENDING
            ).distinct()
            told += len(
                notify(
                    waiting,
                    _("Your region reviews are due on %(deadline)s") % {"deadline": deadline.isoformat()},
                    _("Please score every assigned application and submit."),
                    reverse("region:home"),
                    kind=NoticeKind.REMINDERS,
                    dedupe_key=f"region-deadline:{round_.pk}:{days}",
                )
            )
    return told


@shared_task(ignore_result=True)
def application_deadline_reminder(today: str | None = None) -> int:
    """Member schools' contacts whose application is still a draft or returned, a week and a day before the
    region's application deadline (once each)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    told = 0
    for days in DEADLINE_REMINDER_DAYS:
        deadline = day + datetime.timedelta(days=days)
        for region in Region.objects.filter(application_deadline=deadline):
            waiting = Application.objects.filter(
                region=region, status__in=[Status.DRAFT, Status.RETURNED]
            ).select_related("institution")
            for application in waiting:
                told += len(
                    notify(
                        people_of(application.institution_id, Role.REGION_CONTACT),
                        _("Your region application is due on %(deadline)s") % {"deadline": deadline.isoformat()},
                        _("Please complete the report, the score sheet and the evidence, and submit."),
                        application.get_absolute_url(),
                        kind=NoticeKind.REMINDERS,
                        dedupe_key=f"region-application-deadline:{region.pk}:{days}",
                    )
                )
    return told
