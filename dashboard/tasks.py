"""Background builds of the annual summaries.

The claims, heartbeats and takeovers are the core's (core/jobs.py): a build whose worker was killed is taken
over by the next worker, the periodic sweep or a new request for the same summary, and one whose worker died
MAX_ATTEMPTS times is failed where staff see it (the downloads page).
"""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from core.background import send_after_commit
from core.jobs import ClaimLost, JobClaims
from core.pdf import PdfUnavailable
from core.scoping import current_school_id

from .models import AnnualExport, ExportFormat

MAX_ATTEMPTS = 3
claims = JobClaims(AnnualExport, MAX_ATTEMPTS)
claim = claims.claim

__all__ = ["MAX_ATTEMPTS", "ClaimLost", "build_annual_export", "claim", "request_export", "resend_waiting_exports"]


def _build(export: AnnualExport, progress) -> bytes:
    from . import exports  # WeasyPrint loads its system libraries on import: only when a build runs

    if export.format == ExportFormat.PDF:
        return exports.build_pdf(export.year, progress)
    return exports.build_workbook(export.year, progress)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_annual_export(self, export_id: int) -> None:

    claims.run(
        self,
        export_id,
        _build,
        failure=_(
            "The summary could not be built. Please ask for it again; if it fails again, tell the administrator."
        ),
        expected=(PdfUnavailable,),
    )


def enqueue(export_id: int) -> None:
    send_after_commit(build_annual_export, export_id)


def request_export(year: int, export_format: str, user) -> tuple[AnnualExport, str]:
    """The build of this summary that someone asked for: a new one, or the one already under way.

    Returns (build, outcome): "created", "building" (a live worker has it) or "restarted" (its worker had
    stopped, and it is sent again to be taken over). Safe when many people ask at the same moment.
    """
    # The request's school: the live build of the same file is found within it.
    return claims.request(enqueue, user, institution_id=current_school_id(), year=year, format=export_format)


@shared_task(ignore_result=True)
def resend_waiting_exports() -> int:
    """Periodic: send again every build still waiting (asked for while the broker was down) and every running
    build whose worker stopped beating. Idempotent: a build a live worker holds is skipped by its claim."""
    return claims.resend_waiting(build_annual_export)
