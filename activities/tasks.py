"""Report list exports too large for a request, built in the background with the core's claims (core/jobs.py):
a build whose worker was killed is taken over by the sweep or a new request, and nothing asked for is lost while
the broker or the worker is down (the sweep sends waiting builds again)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.background import send_after_commit
from core.jobs import JobClaims
from core.scoping import current_school_id

from .export import reports_of_export, reports_workbook, year_of_export
from .models import ReportExport

MAX_ATTEMPTS = 3
claims = JobClaims(ReportExport, MAX_ATTEMPTS)


def _build(job: ReportExport, progress) -> bytes:
    # A worker has no request: the workbook speaks the portal's language, as the direct download does.
    with translation.override(settings.LANGUAGE_CODE):
        reports = reports_of_export(job)
        progress(0)
        return reports_workbook(reports, progress, total=reports.count(), year=year_of_export(job))


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_report_export(self, job_id: int) -> None:
    claims.run(
        self,
        job_id,
        _build,
        failure=_(
            "The export could not be built. Please ask for it again; if it fails again, tell the administrator."
        ),
    )


def enqueue(job_id: int) -> None:
    send_after_commit(build_report_export, job_id)


def request_report_export(user, query: str, college_id: int | None) -> tuple[ReportExport, str]:
    """The background export of this filter for this user: the one already under way (sent again if its worker
    stopped), or a new one. Returns (export, outcome) with outcome "created", "building" or "restarted"."""
    # The request's school (a college's export is of one of its colleges); the live build of the same filter is
    # found within that school.
    school_id = current_school_id()
    # The same file for the same person only: the list an export holds is what its asker may see (a secretary's
    # drafts, the office's approved reports), and only its asker (or staff) may open it.
    return claims.request(enqueue, user, institution_id=school_id, query=query, college_id=college_id, per_person=True)


@shared_task(ignore_result=True)
def resend_waiting_report_exports() -> int:
    """Periodic: send again every export still waiting and every one whose worker stopped beating."""
    return claims.resend_waiting(build_report_export)
