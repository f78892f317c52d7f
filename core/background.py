"""Handing work to Celery once the current transaction has committed.

Without REDIS_URL, settings make every task run in-process (see gkw_portal/settings/base.py);
`send_after_commit` then runs it on a thread beside the request, so a page never waits for background work
in either mode.
"""

import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def send_after_commit(task, *args) -> None:
    """Send `task(*args)` once the current transaction commits. A broker that is down is logged, not raised:
    the work's own rows (an outbox, a pending export) are saved, and a periodic sweep sends them later."""

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
