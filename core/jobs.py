"""Files built in the background (the annual summary, a large report list export): the job row and its claims.

Tasks take ids and claim their row with a conditional UPDATE, so a redelivered or duplicated message does no
harm. A running build writes a heartbeat at every step; one whose heartbeat stops (its worker was killed) is
stale, and the next worker, the periodic sweep or a new request for the same file takes it over. Each claim is
numbered by the build's attempts, and a worker writes progress and the result only while its claim still holds,
so a worker that was merely slow and got taken over cannot overwrite the newer attempt. A build whose worker
died `max_attempts` times is failed where the people who asked see it.

Every file built in the background goes through here: the annual summary (dashboard), the report list export
(activities), the region's review summary and the year's archive (publicity). An app's job model inherits
`BackgroundJob` and adds what the build needs and a `file` field; its view asks for a build with
`JobClaims(model).request(...)`, which reuses the live build of the same file or creates and sends one; its task
calls `JobClaims(model).run(...)` with the function that makes the file; its periodic sweep calls
`resend_waiting`. The status JSON the pages poll is `core.views.JobStatusView`'s.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .scoping import every_school, school_scope

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


class JobState(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")
    RUNNING = "running", gettext_lazy("Being built")
    DONE = "done", gettext_lazy("Ready")
    FAILED = "failed", pgettext_lazy("status", "Failed")


ACTIVE_STATES = [JobState.PENDING, JobState.RUNNING]


def stale_after() -> datetime.timedelta:
    """How long a build may go without a heartbeat before it counts as lost with its worker."""
    return datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS)


class BackgroundJob(models.Model):
    """Who asked, how far the build is, and its heartbeat; the concrete model adds its `file` and parameters."""

    state = models.CharField(
        pgettext_lazy("field", "state"), max_length=10, choices=JobState.choices, default=JobState.PENDING
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress"), default=0)
    error = models.TextField(pgettext_lazy("field", "error"), blank=True)
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("field", "attempts"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(gettext_lazy("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("started at"), null=True, blank=True)
    # Written when the build is asked for, claimed and at every step: a worker that died stops writing it.
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), default=timezone.now)
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]

    @property
    def filename(self) -> str:
        raise NotImplementedError

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}

    @property
    def is_stale(self) -> bool:
        """Waiting or running, but nothing has moved for longer than a live worker would take."""
        return not self.is_finished and self.heartbeat_at < timezone.now() - stale_after()


class ClaimLost(Exception):
    """Another worker took this build over while this one was still at it."""


@dataclass
class Built:
    """A finished build: the file (bytes, or an open file such as a temporary file too large for memory, which
    is closed once stored) and the job row's own fields that go with it (the archive's checksum)."""

    content: bytes | File
    fields: dict = field(default_factory=dict)


class JobClaims:
    """The claims on one job model's rows; every method is safe to run from many workers at once."""

    def __init__(self, model: type[BackgroundJob], max_attempts: int = 3) -> None:
        self.model = model
        self.max_attempts = max_attempts

    @property
    def jobs(self) -> models.Manager:
        """The job rows for their bookkeeping (claim, heartbeat, give up, resend), by id across every school: a
        worker or the periodic sweep has no school until it has read the job's. The build itself runs in the job's
        school (`scope_of`)."""
        return self.model._base_manager

    @staticmethod
    def scope_of(job: BackgroundJob):
        """The school a build reads: its job's (every school for a build that belongs to none, the region's)."""
        school_id = getattr(job, "institution_id", None)
        return school_scope(school_id) if school_id is not None else every_school()

    def claimable(self, now) -> Q:
        stale = now - stale_after()
        return Q(state=JobState.PENDING) | Q(
            state=JobState.RUNNING, heartbeat_at__lt=stale, attempts__lt=self.max_attempts
        )

    def claim(self, job_id: int) -> int | None:
        """Claim a waiting build, or a running one whose worker stopped beating; the attempt number, or None."""
        now = timezone.now()
        claimed = self.jobs.filter(self.claimable(now), pk=job_id).update(
            state=JobState.RUNNING, started_at=now, heartbeat_at=now, progress=0, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        return self.jobs.values_list("attempts", flat=True).get(pk=job_id)

    def mine(self, job_id: int, attempt: int):
        return self.jobs.filter(pk=job_id, attempts=attempt, state=JobState.RUNNING)

    @staticmethod
    def fail(jobs, message: str) -> int:
        return jobs.update(state=JobState.FAILED, error=message, finished_at=timezone.now())

    def give_up_lost(self, now) -> int:
        """Fail the builds whose worker died on every attempt, so that they stop blocking and people see why."""
        lost = self.jobs.filter(
            state=JobState.RUNNING, heartbeat_at__lt=now - stale_after(), attempts__gte=self.max_attempts
        )
        return self.fail(
            lost,
            _("The build stopped %(attempts)s times without finishing; please ask for it again.")
            % {"attempts": self.max_attempts},
        )

    def resend_waiting(self, task) -> int:
        """Send again every build still waiting (asked for while the broker was down) and every running build
        whose worker stopped beating. A build a live worker holds is skipped by its claim."""
        now = timezone.now()
        self.give_up_lost(now)
        waiting = list(self.jobs.filter(self.claimable(now)).values_list("pk", flat=True))
        for job_id in waiting:
            task.delay(job_id)
        return len(waiting)

    def request(
        self, send: Callable[[int], None], requested_by, *, per_person: bool = False, **params
    ) -> tuple[BackgroundJob, str]:
        """The build of this file (`params`: the model's fields that name it, its school among them when the model
        has one) someone asked for: the one already under way, or a new one. `send(job_id)` hands a build to the
        workers (the app's `enqueue`: its task, sent once the transaction commits).

        `per_person`: the file is its asker's own (what it holds is what they may see), so only their own live
        build is the same file.

        Returns (job, outcome): "created", "building" (a live worker has it) or "restarted" (its worker had
        stopped, and it is sent again to be taken over). A model with a unique constraint on its active builds
        (the same parameters) stays at one build at a time when many people ask at the same moment.
        """
        self._check_names_its_school(params)
        self.give_up_lost(timezone.now())
        mine = {"requested_by": requested_by} if per_person else {}
        active = self.model.objects.filter(state__in=ACTIVE_STATES, **mine, **params).order_by("-pk")
        job = active.first()
        if job is None:
            try:
                with transaction.atomic():
                    job = self.model.objects.create(requested_by=requested_by, **params)
                send(job.pk)
                return job, "created"
            except IntegrityError:  # someone else created it between our read and our insert
                job = active.first()
            if job is None:  # and it finished already: a new one, then
                return self.request(send, requested_by, per_person=per_person, **params)
        if not job.is_stale:
            return job, "building"
        send(job.pk)
        return job, "restarted"

    def _check_names_its_school(self, params: dict) -> None:
        # A build with a school (issue 27) is the same file only within that school: asked for without it, the
        # lookup would find another school's live build and the new row would silently take the default school.
        try:
            self.model._meta.get_field("institution")
        except FieldDoesNotExist:
            return
        if not {"institution", "institution_id"} & params.keys():
            raise TypeError(f"{self.model.__name__} builds are asked for with their school (institution=...)")

    def run(
        self,
        task,
        job_id: int,
        build: Callable[[BackgroundJob, Progress], bytes | Built],
        *,
        failure: str,
        expected: tuple[type[Exception], ...] = (),
    ) -> None:
        """Claim the job and build its file with `build(job, progress)`, called within a bound Celery task.
        `build` returns the file's bytes, or a `Built` with an open file and the row's fields that go with it.

        `failure` is the message shown when the build raises: what happened and what to do, in the user's
        language; the exception itself goes to the log (and the task-failure record), never onto a page. An
        `expected` exception (a `Refused`, whose message is written for people) fails the job with its own
        message and is not raised again. A transient database error puts the job back and
        retries the task.
        """
        attempt = self.claim(job_id)
        if attempt is None:
            return  # done, failed for good, or being built by a live worker right now
        job = self.jobs.get(pk=job_id)

        def progress(percent: int) -> None:
            if not self.mine(job_id, attempt).update(progress=max(0, min(100, percent)), heartbeat_at=timezone.now()):
                raise ClaimLost(job_id)

        try:
            with self.scope_of(job):
                content = build(job, progress)
        except ClaimLost:
            logger.warning(
                "%s %s was taken over by another worker; attempt %s stops.", self.model.__name__, job_id, attempt
            )
            return
        except expected as error:
            logger.warning("%s %s cannot be built: %r", self.model.__name__, job_id, error.__cause__ or error)
            self.fail(self.mine(job_id, attempt), getattr(error, "message", failure))
            return
        except DatabaseOperationalError as error:
            # Transient (the database restarted, a lock timed out): put the row back and try again later.
            self.mine(job_id, attempt).update(state=JobState.PENDING)
            raise task.retry(exc=error, countdown=min(300, 10 * 2**task.request.retries)) from error
        except Exception:
            logger.exception("%s %s failed", self.model.__name__, job_id)
            self.fail(self.mine(job_id, attempt), failure)
            raise
        built = content if isinstance(content, Built) else Built(content)
        try:
            stored = built.content if isinstance(built.content, File) else ContentFile(built.content)
            job.file.save(job.filename, stored, save=False)
        finally:
            if isinstance(built.content, File):
                built.content.close()
        finished = self.mine(job_id, attempt).update(
            file=job.file.name,
            state=JobState.DONE,
            progress=100,
            finished_at=timezone.now(),
            error="",
            **built.fields,
        )
        if not finished:
            job.file.delete(save=False)  # the newer attempt writes its own
