"""The background builds of the review summary table (评议汇总表)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .schools import Region, upload_path


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    PDF = "pdf", _("PDF")


class ExportState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class SummaryExport(models.Model):
    """A background build of the review summary table (评议汇总表)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=upload_path, blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("review summary build")
        verbose_name_plural = _("review summary builds")

    def __str__(self):
        return f"{self.region} {self.format}"

    @property
    def filename(self) -> str:
        return f"{self.region.year}-{self.region.code}-review-summary.{self.format}"
