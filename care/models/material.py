"""The 阳光屋 care supermarket's material help and the month's care work filed as an activity report."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College
from core.scoping import school_manager


class MaterialHelp(models.Model):
    """Help from the 阳光屋 care supermarket, in aggregate: what was given, to how many people, worth how much."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="material_help", verbose_name=pgettext_lazy("field", "college")
    )
    given_on = models.DateField(pgettext_lazy("field", "date"))
    what = models.CharField(_("what was given"), max_length=200)
    people = models.PositiveIntegerField(
        _("people helped"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    value = models.DecimalField(
        _("value (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99999999"))],
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("material help")
        verbose_name_plural = _("material help")

    def __str__(self):
        return f"{self.given_on} {self.what}"


class MonthlyCareReport(models.Model):
    """A month's care work of a college, filed in one step as an activity report."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("field", "college")
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    report = models.OneToOneField(
        "activities.ActivityReport", on_delete=models.CASCADE, related_name="care_month", verbose_name=_("report")
    )

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["college", "year", "month"], name="one_care_report_per_month")]
        verbose_name = _("month's care report")
        verbose_name_plural = _("months' care reports")

    def __str__(self):
        return f"{self.college} {self.year}-{self.month:02d}"
