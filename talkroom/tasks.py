"""The 谈心屋's background work: the nightly purge of threads whose need's notes the care purge blanked."""

from celery import shared_task

from institutions.each import in_each_school

from . import services


@shared_task
@in_each_school  # each school's threads follow its own needs' retention (care.tasks.purge_expired_notes)
def purge_expired_threads() -> int:
    return services.purge_expired_threads()
