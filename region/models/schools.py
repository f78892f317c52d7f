"""The region itself: the region-year (its member schools are `institutions.Institution`), who belongs to which
school, the school-level scheme and the region work report; and the one place uploads are named (`upload_path`,
`RegionFile`)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import StoredFile
from institutions.models import Institution
from scoring import rules


def upload_path(instance, filename: str) -> str:
    """Generated names only: nothing of the uploader's file name reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"region/{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


class RegionFile(StoredFile):
    """An upload of the region's (evidence, a meeting's or a post's attachment); a photo keeps its thumbnail."""

    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, max_length=200)
    thumbnail = models.FileField(
        pgettext_lazy("field", "thumbnail"), upload_to=upload_path, max_length=200, blank=True
    )

    class Meta(StoredFile.Meta):
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def stored_files(self):
        return [f for f in (self.file, self.thumbnail) if f]


class Region(models.Model):
    """One region of one year (e.g. 2022 第十片) with its lead school and member schools."""

    code = models.SlugField(pgettext_lazy("field", "code"), max_length=20)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=40)
    year = models.PositiveSmallIntegerField(
        pgettext_lazy("field", "year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    lead = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="led_regions",
        verbose_name=pgettext_lazy("field", "lead school"),
    )
    members = models.ManyToManyField(Institution, related_name="regions", verbose_name=_("member schools"))
    application_deadline = models.DateField(
        pgettext_lazy("field", "application deadline"),
        null=True,
        blank=True,
        help_text=_("Member schools whose application is not submitted are reminded a week and a day before."),
    )

    class Meta:
        ordering = ["-year", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="one_region_per_code_and_year")]
        verbose_name = pgettext_lazy("field", "region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.year} {self.name}"

    def get_absolute_url(self):
        return reverse("region:region", args=[self.pk])

    def get_work_report_url(self):
        return reverse("region:work_report_read", args=[self.pk])


class Affiliation(models.Model):
    """Which member school a person of the region (a contact, a reviewer) belongs to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliation",
        verbose_name=pgettext_lazy("field", "user"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=pgettext_lazy("field", "member school"),
    )

    class Meta:
        verbose_name = _("member school affiliation")
        verbose_name_plural = _("member school affiliations")

    def __str__(self):
        return f"{self.user} · {self.institution}"


class SchoolScheme(models.Model):
    """The school-level scheme a region's applications are scored against (after the provincial
    优质化建设均衡发展基本要求), loaded from a data file and kept by the lead."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="scheme", verbose_name=pgettext_lazy("field", "region")
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    threshold = models.DecimalField(
        pgettext_lazy("field", "balanced threshold"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(90),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
    )
    is_demo = models.BooleanField(pgettext_lazy("field", "demo data"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("school-level scheme")
        verbose_name_plural = _("school-level schemes")

    def __str__(self):
        return self.title

    def specs(self) -> list[rules.IndicatorSpec]:
        return [indicator.spec() for indicator in self.indicators.all()]


class Mode(models.TextChoices):
    POINTS = rules.POINTS, _("Points up to the maximum")
    YES_NO = rules.YES_NO, _("Yes or no (full marks or zero)")
    GRADED = rules.GRADED, _("Graded A/B/C/D (100/60/40/0 %)")


class EvidenceSource(models.TextChoices):
    """Which of a member school's own figures back an indicator when its application is drafted from the school's
    data (region.live): data on the indicator, set by the scheme's data file and the lead, never a code in code."""

    COLLEGES = "colleges", _("Colleges' balanced development against the plan's target")
    ACTIVITIES = "activities", _("Approved activities by section of the work plan")
    CARE = "care", _("Care and mentoring figures")
    BRANDS = "brands", _("Colleges' brand projects")


class SchoolIndicator(models.Model):
    scheme = models.ForeignKey(
        SchoolScheme,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=pgettext_lazy("field", "scheme"),
    )
    code = models.CharField(pgettext_lazy("field", "code"), max_length=10)
    group = models.CharField(pgettext_lazy("field", "first-level indicator"), max_length=60, blank=True)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100)
    points_text = models.TextField(pgettext_lazy("field", "assessment points"), blank=True, max_length=2000)
    max_points = models.DecimalField(
        pgettext_lazy("field", "maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1000))],
    )
    is_key = models.BooleanField(pgettext_lazy("field", "key indicator"), default=False)
    mode = models.CharField(
        pgettext_lazy("field", "scoring mode"), max_length=10, choices=Mode.choices, default=Mode.POINTS
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "order"), default=0)
    evidence = models.CharField(
        _("evidence from the school's own data"),
        max_length=12,
        choices=EvidenceSource.choices,
        blank=True,
        help_text=_(
            "For a member school that runs its year in the portal, the figures that fill this indicator's note "
            "when its application is drafted from the school's data."
        ),
    )

    class Meta:
        ordering = ["scheme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_school_indicator_code")]
        verbose_name = _("school-level indicator")
        verbose_name_plural = _("school-level indicators")

    def __str__(self):
        return f"{self.code} {self.name}"

    def spec(self) -> rules.IndicatorSpec:
        return rules.IndicatorSpec(self.code, self.name, self.max_points, self.is_key, self.mode)


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    RESUBMITTED = "resubmitted", _("Revised and sent again")


class WorkReport(models.Model):
    """The region work report (片工作情况通报) for the province, drafted from the data and edited by the lead.

    Submitted to the province once it is ready; an edit after that is sent again at once (state resubmitted), so
    that the province always reads the text the lead has: the lead's save says so before it is made."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="work_report")
    text = models.TextField(pgettext_lazy("field", "text"), max_length=20000)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(pgettext_lazy("field", "updated at"), auto_now=True)
    state = models.CharField(
        pgettext_lazy("field", "status"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(pgettext_lazy("field", "submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("region work report")
        verbose_name_plural = _("region work reports")

    def __str__(self):
        return str(self.region)

    @property
    def is_submitted(self) -> bool:
        return self.state != ReportState.DRAFT
