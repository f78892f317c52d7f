"""The Celery app for a worker that holds every background build, once claimed, while a file exists: the test
kills that worker mid-build. Started with `celery -A tests.integration.holding_worker worker`; the hold file is
named by GKW_TEST_HOLD_FILE. Every kind of build (core.jobs.JobClaims.run) is held the same way."""

import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from gkw_portal.celery import app

__all__ = ["app"]

HOLD = Path(os.environ["GKW_TEST_HOLD_FILE"])


def _hold_every_build():
    from core.jobs import JobClaims

    run = JobClaims.run
    worker = os.getppid()

    def held_run(self, task, job_id, build, **kwargs):
        def held_build(job, progress):
            progress(1)  # a sign the build has started: the row is running, claimed, at 1 %
            while HOLD.exists():
                if os.getppid() != worker:
                    os._exit(1)  # the worker was killed: its pool process goes with it, as the build would
                time.sleep(0.1)
            return build(job, progress)

        return run(self, task, job_id, held_build, **kwargs)

    JobClaims.run = held_run


@worker_process_init.connect
def _patch(**kwargs):
    _hold_every_build()  # in the pool's process that runs the tasks, once Django is set up
