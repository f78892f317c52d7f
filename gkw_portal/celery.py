"""The Celery application, and how the portal hands work to it.

Without REDIS_URL, settings make every task run in-process (see settings/base.py); `send_after_commit` then
runs it on a thread beside the request, so a page never waits for background work in either mode.
"""

import logging
import os
import threading

from celery import Celery
from celery.signals import task_failure
from django.db import connection, transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gkw_portal.settings.dev")

app = Celery("gkw_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def send_after_commit(task, *args) -> None:
    """Send `task(*args)` once the current transaction commits. A broker that is down is logged, not raised:
    the work's own rows (an outbox, a pending export) are saved, and a periodic sweep sends them later."""
    from django.conf import settings

    def send():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            if getattr(settings, "GKW_EAGER_TASKS_IN_BACKGROUND", True):
                threading.Thread(target=_apply_in_process, args=(task, args), daemon=True).start()
            else:
                task.apply(args=args)
            return
        try:
            task.delay(*args)
        except OperationalError as error:
            logger.warning("Broker unreachable (%s): %s waits for the sweep.", error, task.name)

    transaction.on_commit(send, robust=True)


def _apply_in_process(task, args) -> None:
    try:
        task.apply(args=args)
    finally:
        connection.close()


@task_failure.connect
def record_final_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **extra):
    """A task that failed for good is written down where staff see it (后台任务 page)."""
    from notifications.models import TaskFailure

    try:
        TaskFailure.objects.create(
            task=getattr(sender, "name", str(sender)),
            task_id=task_id or "",
            arguments=repr((args, kwargs))[:2000],
            error=f"{type(exception).__name__}: {exception}"[:4000],
        )
    except Exception:  # noqa: BLE001 -- the database may be the cause; the log still has it
        logger.exception("Could not record the failure of task %s", task_id)
