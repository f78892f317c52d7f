"""The committee's monthly work bulletin (工作简报, issue 29 item 5): "请示汇报、信息通报" — drafted from the month's
data, edited by staff as one text (core.outline), published to the party office and the colleges."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import school_manager
from institutions.models import InstitutionKey

TEXT_MAX = 20_000


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("bulletin status", "Draft")
        PUBLISHED = "published", pgettext_lazy("bulletin status", "Published")

    institution = InstitutionKey(related_name="bulletins")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    month = models.PositiveSmallIntegerField(
        pgettext_lazy("field", "Month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    number = models.PositiveSmallIntegerField(_("issue number"), help_text=_("The year's running number."))
    text = models.TextField(
        pgettext_lazy("field", "text"),
        max_length=TEXT_MAX,
        help_text=_("The first line is the title; a line such as 一、… is a heading."),
    )
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    drafted_at = models.DateTimeField(_("drafted from data at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(pgettext_lazy("field", "published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "month"], name="one_bulletin_per_school_month")
        ]
        verbose_name = _("work bulletin")
        verbose_name_plural = _("work bulletins")

    def __str__(self):
        return _("Work bulletin %(year)d no. %(number)d") % {"year": self.year, "number": self.number}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("bulletins:detail", args=[self.pk])
