"""The dashboard read while reports are being reviewed: a bounded loop of approvals beside the readers.

Every approval retires the cached figures, so this is the page as people see it on a busy day: each write makes
the next read a cold one (its reader rebuilds the figures; with several readers, the others serve the last
figures meanwhile). A writer thread approves a submitted report and reopens it, `cycles` times at about
WRITES_PER_SECOND, through the same services the review pages use, on a database connection of its own; the
reader, in the calling thread, times the page until the writer is done.
"""

from __future__ import annotations

import threading
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import services
from activities.models import ActivityReport, Status
from core.scoping import current_school_id, school_scope

WRITES_PER_SECOND = 4


def read_while_writing(read, cycles: int) -> tuple[list[float], int]:
    """Timings (seconds) of `read` while the writer runs, and the most queries one of those reads made."""
    reviewer = get_user_model().objects.get(username="staff")
    waiting = list(ActivityReport.objects.filter(status=Status.SUBMITTED).order_by("pk")[:cycles])
    failures: list[BaseException] = []
    done = threading.Event()
    school = current_school_id()  # a thread starts outside every scope: the writer enters the reader's school

    def writer():
        try:
            with school_scope(school):
                for report in waiting:
                    approved = services.transition(report, reviewer, "approve", "", report.version)
                    time.sleep(1 / WRITES_PER_SECOND)
                    services.transition(approved, reviewer, "reopen", "请补充活动总结。", approved.version)
                    time.sleep(1 / WRITES_PER_SECOND)
        except BaseException as error:  # reported by the reader's thread, which owns the command's output
            failures.append(error)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=writer, name="bench-writer", daemon=True)
    timings: list[float] = []
    most_queries = 0
    thread.start()
    while not done.is_set() or not timings:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            read()
            timings.append(time.perf_counter() - started)
        most_queries = max(most_queries, len(captured))
    thread.join()
    if failures:
        raise failures[0]
    return timings, most_queries
