"""Background builds of the annual summaries.

Tasks take ids, claim their row with a conditional UPDATE (so a redelivered or duplicated message does no
harm), record progress on the row, and record a final failure where staff see it (the downloads page).
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.background import send_after_commit

from .models import AnnualExport, ExportFormat, ExportState

logger = logging.getLogger(__name__)
# A build that has been "running" this long was lost with its worker; another worker may take it over.
STALE_AFTER = datetime.timedelta(minutes=10)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_annual_export(self, export_id: int) -> None:
    now = timezone.now()
    claimed = AnnualExport.objects.filter(
        Q(state=ExportState.PENDING) | Q(state=ExportState.RUNNING, started_at__lt=now - STALE_AFTER),
        pk=export_id,
    ).update(state=ExportState.RUNNING, started_at=now, progress=0, attempts=F("attempts") + 1)
    if not claimed:
        return  # done, failed for good, or being built by another worker right now
    export = AnnualExport.objects.get(pk=export_id)

    def progress(percent: int) -> None:
        AnnualExport.objects.filter(pk=export_id).update(progress=max(0, min(100, percent)))

    from . import exports  # WeasyPrint loads its system libraries on import: only when a build runs

    try:
        if export.format == ExportFormat.PDF:
            content = exports.build_pdf(export.year, progress)
        else:
            content = exports.build_workbook(export.year, progress)
    except exports.PdfUnavailable as error:
        _fail(export_id, str(error))
        return
    except DatabaseOperationalError as error:
        # Transient (the database restarted, a lock timed out): put the row back and try again later.
        AnnualExport.objects.filter(pk=export_id).update(state=ExportState.PENDING)
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries)) from error
    except Exception as error:
        logger.exception("Annual summary %s failed", export_id)
        _fail(export_id, _("The summary could not be built (%(error)s). Please try again.") % {"error": error})
        raise
    export.file.save(export.filename, ContentFile(content), save=False)
    AnnualExport.objects.filter(pk=export_id).update(
        file=export.file.name, state=ExportState.DONE, progress=100, finished_at=timezone.now(), error=""
    )


def _fail(export_id: int, message: str) -> None:
    AnnualExport.objects.filter(pk=export_id).update(
        state=ExportState.FAILED, error=message, finished_at=timezone.now()
    )


def enqueue(export_id: int) -> None:
    send_after_commit(build_annual_export, export_id)


@shared_task(ignore_result=True)
def resend_waiting_exports() -> int:
    """Periodic: send again every build still waiting (e.g. asked for while the broker was down). Idempotent:
    a build already claimed by a worker is skipped by its claim."""
    waiting = list(AnnualExport.objects.filter(state=ExportState.PENDING).values_list("pk", flat=True))
    for export_id in waiting:
        build_annual_export.delay(export_id)
    return len(waiting)
