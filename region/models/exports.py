"""The background builds of the review summary table (评议汇总表)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.jobs import ACTIVE_STATES, BackgroundJob, JobState

from .schools import Region, upload_path


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", pgettext_lazy("file format", "Excel workbook")
    PDF = "pdf", _("PDF")


# The states and staleness of every background build live in the core (core/jobs.py).
ExportState = JobState


class SummaryExport(BackgroundJob):
    """A background build of the review summary table (评议汇总表)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(pgettext_lazy("field", "format"), max_length=10, choices=ExportFormat.choices)
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, blank=True, max_length=200)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Of many leads asking at once for the same summary, one creates the build and the others find it.
            models.UniqueConstraint(
                fields=["region", "format"],
                condition=models.Q(state__in=ACTIVE_STATES),
                name="one_active_summary_build",
            )
        ]
        verbose_name = _("review summary build")
        verbose_name_plural = _("review summary builds")

    def __str__(self):
        return f"{self.region} {self.format}"

    def get_absolute_url(self):
        return reverse("region:export_download", args=[self.pk])

    @property
    def filename(self) -> str:
        return _("%(year)s-%(region)s-review-summary.%(format)s") % {
            "year": self.region.year,
            "region": self.region.code,
            "format": self.format,
        }
