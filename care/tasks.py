"""The care board's background work: the nightly purge of expired confidential notes."""

from celery import shared_task

from institutions.each import in_each_school

from . import services


@shared_task
@in_each_school  # each school's notes by its own retention periods (issue 27)
def purge_expired_notes() -> int:
    return services.purge_expired_notes()
