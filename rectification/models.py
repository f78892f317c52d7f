"""整改 (rectification, plan section 3: "重点推进工作不达标的二级学院关工委强化达标工作 … 实举措，强弱项，补短板"):
one item per weak indicator of a college's final assessment, the college's plan for it, its progress notes with
evidence, and staff's acceptance, with a history line for every write."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import ActivityReport
from colleges.models import College
from core.files import StoredFile
from core.scoping import school_manager
from core.versions import HistoryLine
from institutions.files import in_school_folder
from scoring.models import Assessment, Indicator

from . import rules


class ItemStatus(models.TextChoices):
    OPEN = rules.OPEN, pgettext_lazy("rectification status", "Waiting for a plan")
    PLANNED = rules.PLANNED, pgettext_lazy("rectification status", "Planned")
    IN_PROGRESS = rules.IN_PROGRESS, pgettext_lazy("rectification status", "In progress")
    SUBMITTED = rules.SUBMITTED, pgettext_lazy("rectification status", "Submitted for acceptance")
    ACCEPTED = rules.ACCEPTED, pgettext_lazy("rectification status", "Accepted")


class ItemQuerySet(models.QuerySet):
    def overdue(self, today):
        """Past their deadline and not yet handed in for acceptance (rules.is_overdue, as a query)."""
        return self.filter(deadline__lt=today).exclude(status__in=rules.HANDED_IN)


class RectificationItem(models.Model):
    """One weak indicator of one college's final assessment, followed to its acceptance."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("assessment rectified")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("weak indicator")
    )
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=pgettext_lazy("field", "college"),
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    score = models.DecimalField(_("reviewed score of the indicator"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(pgettext_lazy("field", "maximum points"), max_digits=6, decimal_places=2)
    weakness = models.TextField(_("weakness"), blank=True)
    measures = models.TextField(_("rectification measures"), blank=True)
    owner = models.CharField(_("person responsible"), max_length=50, blank=True)
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    automatic = models.BooleanField(_("created when the assessment was finalised"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("college__institution", ItemQuerySet)

    class Meta:
        ordering = ["-year", "college__order", "college__code", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_rectification_per_indicator")
        ]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")

    def __str__(self):
        return f"{self.year} {self.college} {self.indicator.code}"

    def get_absolute_url(self):
        return reverse("rectification:item", args=[self.pk])

    @property
    def gap(self):
        return self.max_points - self.score

    def is_overdue(self, today) -> bool:
        return rules.is_overdue(self.status, self.deadline, today)


class ProgressNote(models.Model):
    """What the college did, on which day, with its evidence: the college's activity reports and files."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress made"))
    on = models.DateField(pgettext_lazy("field", "date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)
    reports = models.ManyToManyField(
        ActivityReport, blank=True, related_name="rectification_notes", verbose_name=_("activity reports as evidence")
    )

    objects = school_manager("item__college__institution")

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("rectification progress note")
        verbose_name_plural = _("rectification progress notes")

    def __str__(self):
        return f"{self.item} {self.on}"


def generated_note_path(instance, filename):
    """Generated names only: nothing the uploader typed reaches the file system."""
    return in_school_folder(instance, f"rectification/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}")


class NoteFile(StoredFile):
    note = models.ForeignKey(ProgressNote, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=generated_note_path, max_length=200)

    objects = school_manager("note__item__college__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("rectification evidence file")
        verbose_name_plural = _("rectification evidence files")


class ItemAction(models.TextChoices):
    CREATE = "create", pgettext_lazy("history", "Created")
    PLAN = "plan", _("Plan written")
    EDIT_PLAN = "edit_plan", _("Plan changed")
    PROGRESS = "progress", _("Progress noted")
    SUBMIT = "submit", pgettext_lazy("history", "Submitted for acceptance")
    ACCEPT = "accept", pgettext_lazy("history", "Accepted")
    RETURN = "return", _("Returned to the college")


class ItemEvent(HistoryLine):
    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=ItemAction.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=20, choices=ItemStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=20, choices=ItemStatus.choices, blank=True
    )

    objects = school_manager("item__college__institution")

    class Meta(HistoryLine.Meta):
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")

    def __str__(self):
        return f"{self.item_id} {self.action}"
