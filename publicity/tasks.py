"""The year's archive, built in the background with the core's claims (core/jobs.py): a build whose worker was
killed is taken over by the next worker, the periodic sweep or a new request for the same year, and one whose
worker died MAX_ATTEMPTS times is failed where staff see it (the archive page).

The zip is written to a temporary file, not memory (a year's evidence may be gigabytes); its own SHA-256 is kept
on the row and shown beside the download.
"""

from __future__ import annotations

import hashlib
import tempfile

from celery import shared_task
from django.core.files import File
from django.utils.translation import gettext as _

from core.background import send_after_commit
from core.jobs import Built, JobClaims
from core.scoping import current_school_id

from . import archive
from .models import YearArchive

MAX_ATTEMPTS = 3
claims = JobClaims(YearArchive, MAX_ATTEMPTS)
claim = claims.claim


def _build(row: YearArchive, progress) -> Built:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- closed here on failure, by JobClaims.run once stored
    try:
        count = archive.write(row.year, spool, progress)
        digest = hashlib.sha256()
        spool.seek(0)
        for chunk in iter(lambda: spool.read(1 << 20), b""):
            digest.update(chunk)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return Built(File(spool), {"sha256": digest.hexdigest(), "file_count": count})


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=5)
def build_year_archive(self, archive_id: int) -> None:
    claims.run(
        self,
        archive_id,
        _build,
        failure=_(
            "The archive could not be built. Please ask for it again; if it fails again, tell the administrator."
        ),
    )


def enqueue(archive_id: int) -> None:
    send_after_commit(build_year_archive, archive_id)


def request_archive(year: int, user) -> tuple[YearArchive, str]:
    """The build someone asked for: "created", "building" (one is under way) or "restarted" (its worker stopped)."""
    # The request's school: the live build of the same file is found within it.
    return claims.request(enqueue, user, institution_id=current_school_id(), year=year)


@shared_task(ignore_result=True)
def resend_waiting_archives() -> int:
    """Periodic: send again every build still waiting (asked for while the broker was down) and every running
    build whose worker stopped beating; fail those that died on every attempt. A live build is skipped by its claim."""
    return claims.resend_waiting(build_year_archive)
