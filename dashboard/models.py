"""Annual summaries built in the background: what was asked for, how far the build is, and the file."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    PDF = "pdf", _("Printable PDF")


class ExportState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = [ExportState.PENDING, ExportState.RUNNING]


def stale_after() -> datetime.timedelta:
    """How long a build may go without a heartbeat before it counts as lost with its worker."""
    return datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS)


def export_path(instance, filename):
    return f"exports/{instance.year}/{uuid.uuid4().hex}.{instance.format}"


class AnnualExport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written when the build is asked for, claimed and at every step: a worker that died stops writing it.
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Of many people asking at once for the same summary, one creates the build and the others find it.
            models.UniqueConstraint(
                fields=["year", "format"], condition=models.Q(state__in=ACTIVE_STATES), name="one_active_build"
            )
        ]
        verbose_name = _("annual summary")
        verbose_name_plural = _("annual summaries")

    def __str__(self):
        return f"{self.year} {self.get_format_display()} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("dashboard:export_file", args=[self.pk])

    @property
    def filename(self) -> str:
        return _("gkw-annual-summary-%(year)s.%(format)s") % {"year": self.year, "format": self.format}

    @property
    def is_finished(self) -> bool:
        return self.state in {ExportState.DONE, ExportState.FAILED}

    @property
    def is_stale(self) -> bool:
        """Waiting or running, but nothing has moved for longer than a live worker would take."""
        return not self.is_finished and self.heartbeat_at < timezone.now() - stale_after()
