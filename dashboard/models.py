"""Annual summaries built in the background: what was asked for, how far the build is, and the file."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.jobs import ACTIVE_STATES, BackgroundJob, JobState, stale_after
from core.scoping import school_manager
from institutions.files import in_school_folder
from institutions.models import InstitutionKey

__all__ = ["ACTIVE_STATES", "AnnualExport", "ExportFormat", "ExportState", "stale_after"]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", pgettext_lazy("file format", "Excel workbook")
    PDF = "pdf", _("Printable PDF")


# The states and staleness of every background build live in the core (core/jobs.py); the names stay here for the
# code and tests that know them by the summary's words.
ExportState = JobState


def export_path(instance, filename):
    return in_school_folder(instance, f"exports/{instance.year}/{uuid.uuid4().hex}.{instance.format}")


class AnnualExport(BackgroundJob):
    institution = InstitutionKey(related_name="annual_exports")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    format = models.CharField(pgettext_lazy("field", "format"), max_length=10, choices=ExportFormat.choices)
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=export_path, blank=True, max_length=200)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Of many people asking at once for the same summary of a school, one creates the build and the others
            # find it.
            models.UniqueConstraint(
                fields=["institution", "year", "format"],
                condition=models.Q(state__in=ACTIVE_STATES),
                name="one_active_build_per_school",
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
        return _("%(school)s-gkw-annual-summary-%(year)s.%(format)s") % {
            "school": self.institution.short_name,
            "year": self.year,
            "format": self.format,
        }
