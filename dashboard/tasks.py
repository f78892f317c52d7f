"""Background builds of the annual summaries.

Tasks take ids and claim their row with a conditional UPDATE, so a redelivered or duplicated message does no
harm. A running build writes a heartbeat at every step; one whose heartbeat stops (its worker was killed) is
stale, and the next worker, the periodic sweep or a new request for the same summary takes it over. Each claim
is numbered by the build's attempts, and a worker writes progress and the result only while its claim still
holds, so a worker that was merely slow and got taken over cannot overwrite the newer attempt. A build whose
worker died MAX_ATTEMPTS times is failed where staff see it (the downloads page).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.background import send_after_commit

from .models import ACTIVE_STATES, AnnualExport, ExportFormat, ExportState, stale_after

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


class ClaimLost(Exception):
    """Another worker took this build over while this one was still at it."""


def _claimable(now) -> Q:
    stale = now - stale_after()
    return Q(state=ExportState.PENDING) | Q(
        state=ExportState.RUNNING, heartbeat_at__lt=stale, attempts__lt=MAX_ATTEMPTS
    )


def claim(export_id: int) -> int | None:
    """Claim a waiting build, or a running one whose worker stopped beating; the attempt number, or None."""
    now = timezone.now()
    claimed = AnnualExport.objects.filter(_claimable(now), pk=export_id).update(
        state=ExportState.RUNNING, started_at=now, heartbeat_at=now, progress=0, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return AnnualExport.objects.values_list("attempts", flat=True).get(pk=export_id)


def _mine(export_id: int, attempt: int):
    return AnnualExport.objects.filter(pk=export_id, attempts=attempt, state=ExportState.RUNNING)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_annual_export(self, export_id: int) -> None:
    attempt = claim(export_id)
    if attempt is None:
        return  # done, failed for good, or being built by a live worker right now
    export = AnnualExport.objects.get(pk=export_id)

    def progress(percent: int) -> None:
        if not _mine(export_id, attempt).update(progress=max(0, min(100, percent)), heartbeat_at=timezone.now()):
            raise ClaimLost(export_id)

    from . import exports  # WeasyPrint loads its system libraries on import: only when a build runs

    try:
        if export.format == ExportFormat.PDF:
            content = exports.build_pdf(export.year, progress)
        else:
            content = exports.build_workbook(export.year, progress)
    except ClaimLost:
        logger.warning("Annual summary %s was taken over by another worker; attempt %s stops.", export_id, attempt)
        return
    except exports.PdfUnavailable as error:
        _fail(_mine(export_id, attempt), str(error))
        return
    except DatabaseOperationalError as error:
        # Transient (the database restarted, a lock timed out): put the row back and try again later.
        _mine(export_id, attempt).update(state=ExportState.PENDING)
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries)) from error
    except Exception as error:
        logger.exception("Annual summary %s failed", export_id)
        _fail(
            _mine(export_id, attempt),
            _("The summary could not be built (%(error)s). Please try again.") % {"error": error},
        )
        raise
    export.file.save(export.filename, ContentFile(content), save=False)
    finished = _mine(export_id, attempt).update(
        file=export.file.name, state=ExportState.DONE, progress=100, finished_at=timezone.now(), error=""
    )
    if not finished:
        export.file.delete(save=False)  # the newer attempt writes its own


def _fail(builds, message: str) -> int:
    return builds.update(state=ExportState.FAILED, error=message, finished_at=timezone.now())


def _give_up_lost_builds(now) -> int:
    """Fail the builds whose worker died on every attempt, so that they stop blocking and staff see why."""
    lost = AnnualExport.objects.filter(
        state=ExportState.RUNNING, heartbeat_at__lt=now - stale_after(), attempts__gte=MAX_ATTEMPTS
    )
    return _fail(
        lost,
        _("The build stopped %(attempts)s times without finishing; please ask for it again.")
        % {"attempts": MAX_ATTEMPTS},
    )


def enqueue(export_id: int) -> None:
    send_after_commit(build_annual_export, export_id)


def request_export(year: int, export_format: str, user) -> tuple[AnnualExport, str]:
    """The build of this summary that someone asked for: a new one, or the one already under way.

    Returns (build, outcome): "created", "building" (a live worker has it) or "restarted" (its worker had
    stopped, and it is sent again to be taken over). Safe when many people ask at the same moment.
    """
    _give_up_lost_builds(timezone.now())
    try:
        return _new_build(year, export_format, user), "created"
    except IntegrityError:
        export = AnnualExport.objects.filter(year=year, format=export_format, state__in=ACTIVE_STATES).first()
    if export is None:  # it finished between our insert and this read: a new one, then
        return _new_build(year, export_format, user), "created"
    if not export.is_stale:
        return export, "building"
    enqueue(export.pk)
    return export, "restarted"


def _new_build(year: int, export_format: str, user) -> AnnualExport:
    with transaction.atomic():
        export = AnnualExport.objects.create(year=year, format=export_format, requested_by=user)
    enqueue(export.pk)
    return export


@shared_task(ignore_result=True)
def resend_waiting_exports() -> int:
    """Periodic: send again every build still waiting (asked for while the broker was down) and every running
    build whose worker stopped beating. Idempotent: a build a live worker holds is skipped by its claim."""
    now = timezone.now()
    _give_up_lost_builds(now)
    waiting = list(AnnualExport.objects.filter(_claimable(now)).values_list("pk", flat=True))
    for export_id in waiting:
        build_annual_export.delay(export_id)
    return len(waiting)
