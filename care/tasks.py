"""The care board's background work: the nightly purge of expired confidential notes."""

from celery import shared_task


@shared_task
def purge_expired_notes() -> int:
    from .services import purge_expired_notes as purge

    return purge()
