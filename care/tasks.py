"""The care board's background work: the nightly purge of expired confidential notes."""

from celery import shared_task

from core.scoping import every_school

from . import services


@shared_task
def purge_expired_notes() -> int:
    with every_school():  # every school's expired notes, each by its own school's retention
        return services.purge_expired_notes()
