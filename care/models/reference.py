"""The data staff keep in the admin: the year's settings of the care board and the kinds of need."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import school_manager
from institutions.models import InstitutionKey, UniqueWithinSchool

DEFAULT_RETENTION_YEARS = 3


class CareYear(UniqueWithinSchool, models.Model):
    """The year's settings of the care board: how long closed records' notes are kept, which indicator a
    month's care report is evidence for, and which activity kind it is filed as."""

    institution = InstitutionKey(related_name="care_years")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    retention_years = models.PositiveSmallIntegerField(
        _("years notes are kept after closing"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    indicator_code = models.CharField(
        _("care indicator code"),
        max_length=10,
        default="D1",
        help_text=_("The indicator 关爱帮扶活动实效 in the scheme."),
    )
    activity_kind_code = models.SlugField(_("activity kind of care reports"), max_length=40, default="care-help")

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                name="one_care_year_per_school",
                violation_error_message=_("The care board's settings for this year already exist."),
            )
        ]
        verbose_name = _("care year settings")
        verbose_name_plural = _("care year settings")

    def __str__(self):
        return str(self.year)


class NeedCategory(UniqueWithinSchool, models.Model):
    """A kind of need, kept as data (staff edit the list in the admin); `sensitive` ones have confidential notes."""

    institution = InstitutionKey(related_name="need_categories")
    code = models.SlugField(pgettext_lazy("field", "code"), max_length=40)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=40)
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Notes of needs in this category are confidential.")
    )
    for_teachers = models.BooleanField(_("for young teachers"), default=False)
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "display order"), default=0)
    active = models.BooleanField(pgettext_lazy("field", "in use"), default=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="unique_need_category_code_per_school",
                violation_error_message=_("A need category with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_need_category_name_per_school",
                violation_error_message=_("A need category with this name already exists."),
            ),
        ]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")

    def __str__(self):
        return self.name
