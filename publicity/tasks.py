"""The year's archive, built in the background (the pattern of dashboard.tasks: claim, heartbeat, take-over).

A task takes the build's id and claims the row with a conditional UPDATE numbered by its attempts; it writes
progress and the result only while its claim holds, so a duplicated message or a slow worker that was taken over
does no harm. The finished zip's own SHA-256 is kept on the row and shown beside the download.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile

from celery import shared_task
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.background import send_after_commit

from . import archive
from .models import ACTIVE_ARCHIVE_STATES, ArchiveState, YearArchive, stale_after

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


class ClaimLost(Exception):
    """Another worker took this build over."""


def _claimable(now) -> Q:
    return Q(state=ArchiveState.PENDING) | Q(
        state=ArchiveState.RUNNING, heartbeat_at__lt=now - stale_after(), attempts__lt=MAX_ATTEMPTS
    )


def claim(archive_id: int) -> int | None:
    now = timezone.now()
    claimed = YearArchive.objects.filter(_claimable(now), pk=archive_id).update(
        state=ArchiveState.RUNNING, heartbeat_at=now, progress=0, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return YearArchive.objects.values_list("attempts", flat=True).get(pk=archive_id)


def _mine(archive_id: int, attempt: int):
    return YearArchive.objects.filter(pk=archive_id, attempts=attempt, state=ArchiveState.RUNNING)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_year_archive(self, archive_id: int) -> None:
    attempt = claim(archive_id)
    if attempt is None:
        return
    row = YearArchive.objects.get(pk=archive_id)

    def progress(percent: int) -> None:
        if not _mine(archive_id, attempt).update(progress=max(0, min(99, percent)), heartbeat_at=timezone.now()):
            raise ClaimLost(archive_id)

    # The zip is written to a temporary file, not memory: a year's evidence may be gigabytes.
    with tempfile.TemporaryFile() as spool:
        try:
            count = archive.write(row.year, spool, progress)
        except ClaimLost:
            logger.warning("Archive %s was taken over by another worker; attempt %s stops.", archive_id, attempt)
            return
        except Exception as error:
            logger.exception("Archive %s failed", archive_id)
            _mine(archive_id, attempt).update(
                state=ArchiveState.FAILED,
                error=_("The archive could not be built (%(error)s). Please try again.") % {"error": error},
                finished_at=timezone.now(),
            )
            raise
        digest = hashlib.sha256()
        spool.seek(0)
        for chunk in iter(lambda: spool.read(1 << 20), b""):
            digest.update(chunk)
        spool.seek(0)
        row.file.save(row.filename, File(spool), save=False)
    finished = _mine(archive_id, attempt).update(
        file=row.file.name,
        sha256=digest.hexdigest(),
        file_count=count,
        state=ArchiveState.DONE,
        progress=100,
        finished_at=timezone.now(),
        error="",
    )
    if not finished:
        row.file.delete(save=False)


def request_archive(year: int, user) -> tuple[YearArchive, str]:
    """The build someone asked for: "created", "building" (one is under way) or "restarted" (its worker stopped)."""
    try:
        with transaction.atomic():
            row = YearArchive.objects.create(year=year, requested_by=user)
        send_after_commit(build_year_archive, row.pk)
        return row, "created"
    except IntegrityError:
        row = YearArchive.objects.filter(year=year, state__in=ACTIVE_ARCHIVE_STATES).first()
    if row is None:
        return request_archive(year, user)
    if not row.is_stale:
        return row, "building"
    send_after_commit(build_year_archive, row.pk)
    return row, "restarted"


def _give_up_lost_builds(now) -> int:
    """Fail the builds whose worker died on every attempt, so that staff see why and may ask again."""
    lost = YearArchive.objects.filter(
        state=ArchiveState.RUNNING, heartbeat_at__lt=now - stale_after(), attempts__gte=MAX_ATTEMPTS
    )
    return lost.update(
        state=ArchiveState.FAILED,
        error=_("The build stopped %(attempts)s times without finishing; please ask for it again.")
        % {"attempts": MAX_ATTEMPTS},
        finished_at=now,
    )


@shared_task(ignore_result=True)
def resend_waiting_archives() -> int:
    """Periodic: send again every build still waiting (asked for while the broker was down) and every running
    build whose worker stopped beating; fail those that died on every attempt. A live build is skipped by its claim."""
    now = timezone.now()
    _give_up_lost_builds(now)
    waiting = list(YearArchive.objects.filter(_claimable(now)).values_list("pk", flat=True))
    for archive_id in waiting:
        build_year_archive.delay(archive_id)
    return len(waiting)
