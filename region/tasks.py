"""Background work of the region: the summary builds (with the core's claims, core/jobs.py: a build whose worker
was killed is taken over by the next worker, the periodic sweep or a new request for the same summary) and the
review deadline reminders (a beat task)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.models import Role
from core.background import send_after_commit
from core.jobs import JobClaims
from core.pdf import PdfUnavailable
from core.text import chinese_date
from notifications.models import NoticeKind
from notifications.services import notify

from .models import (
    Application,
    AssignmentStatus,
    ExportFormat,
    Region,
    ReviewRound,
    RoundStatus,
    Status,
    SummaryExport,
)
from .services import people_of

DEADLINE_REMINDER_DAYS = (7, 1)
MAX_ATTEMPTS = 3
claims = JobClaims(SummaryExport, MAX_ATTEMPTS)


def _build(export: SummaryExport, progress) -> bytes:
    from . import exports  # WeasyPrint loads its system libraries on import: only when a build runs

    if export.format == ExportFormat.PDF:
        return exports.build_pdf(export.region, progress)
    return exports.build_workbook(export.region, progress)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_summary(self, export_id: int) -> None:

    claims.run(
        self,
        export_id,
        _build,
        failure=_(
            "The review summary could not be built. Please ask for it again; if it fails again, tell the "
            "administrator."
        ),
        expected=(PdfUnavailable,),
    )


def enqueue(export_id: int) -> None:
    send_after_commit(build_summary, export_id)


def request_summary(region, export_format: str, user) -> tuple[SummaryExport, str]:
    """The build of this region's summary in this format: the one already under way (sent again if its worker
    stopped), or a new one. Returns (export, outcome) with outcome "created", "building" or "restarted"."""
    return claims.request(enqueue, user, region=region, format=export_format)


@shared_task(ignore_result=True)
def resend_waiting_summaries() -> int:
    """Periodic: send again every summary build still waiting and every one whose worker stopped beating."""
    return claims.resend_waiting(build_summary)


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
                    _("Your region reviews are due on %(deadline)s") % {"deadline": chinese_date(deadline)},
                    _("Please score every assigned application and submit."),
                    reverse("region:home"),
                    kind=NoticeKind.REMINDERS,
                    dedupe_key=f"region-deadline:{round_.pk}:{days}",
                    facts=[
                        (pgettext("field", "Region"), str(round_.region)),
                        (pgettext("field", "Due on"), chinese_date(deadline)),
                    ],
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
                        _("Your region application is due on %(deadline)s") % {"deadline": chinese_date(deadline)},
                        _("Please complete the report, the score sheet and the evidence, and submit."),
                        application.get_absolute_url(),
                        kind=NoticeKind.REMINDERS,
                        dedupe_key=f"region-application-deadline:{region.pk}:{days}",
                        facts=[
                            (pgettext("field", "School"), application.institution.name),
                            (pgettext("field", "Region"), str(region)),
                            (pgettext("field", "Due on"), chinese_date(deadline)),
                        ],
                    )
                )
    return told
