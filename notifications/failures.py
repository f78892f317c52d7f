"""Tasks that failed for good, written down where staff see them (the 后台任务 page)."""

import logging

from core.outbound import redact

from .models import TaskFailure

logger = logging.getLogger(__name__)


def record_final_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **extra):
    """Celery's task_failure signal: one TaskFailure row per task that gave up."""
    try:
        TaskFailure.objects.create(
            task=getattr(sender, "name", str(sender)),
            task_id=task_id or "",
            # Redacted like every stored error: an exception's text may quote an address with its key.
            arguments=redact(repr((args, kwargs)))[:2000],
            error=redact(f"{type(exception).__name__}: {exception}")[:4000],
        )
    except Exception:  # noqa: BLE001 -- the database may be the cause; the log still has it
        logger.exception("Could not record the failure of task %s", task_id)
