"""The care board's background work: the nightly purge of expired confidential notes."""

from celery import shared_task

from . import services


@shared_task
def purge_expired_notes() -> int:
    return services.purge_expired_notes()
