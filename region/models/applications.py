"""A member school's application (申报): its score sheet, the trail of score changes, its history and evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.versions import HistoryLine
from institutions.models import Institution

from ..rules import REPORT_MAX_CHARS
from .schools import Region, RegionFile, SchoolIndicator


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    RETURNED = "returned", _("Returned for completion")
    UNDER_REVIEW = "under_review", _("Under collective review")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", pgettext_lazy("status", "Published")


class Action(models.TextChoices):
    CREATE = "create", pgettext_lazy("history", "Created")
    EDIT = "edit", pgettext_lazy("history", "Edited")
    SUBMIT = "submit", pgettext_lazy("history", "Submitted")
    RESUBMIT = "resubmit", _("Resubmitted")
    RETURN = "return", _("Returned for completion")
    START_REVIEW = "start_review", _("Review started")
    RECORD_RESULT = "record_result", _("Collective result recorded")
    PUBLISH = "publish", _("Result published")
    ADD_FILE = "add_file", _("File added")
    REMOVE_FILE = "remove_file", _("File removed")
    DRAFT_FROM_DATA = "draft_from_data", _("Drafted from the school's own data")


class Application(models.Model):
    """One member school's application (申报) in one region-year."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="applications", verbose_name=pgettext_lazy("field", "region")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=pgettext_lazy("field", "member school"),
    )
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    report = models.TextField(_("written report"), blank=True, max_length=REPORT_MAX_CHARS)
    party_agreed_on = models.DateField(_("party committee agreed on"), null=True, blank=True)
    self_total = models.DecimalField(
        pgettext_lazy("field", "self-assessed total"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(pgettext_lazy("field", "submitted at"), null=True, blank=True)
    # The collective result: agreed at the review meeting, recorded by the lead, shown to the school once published.
    collective_total = models.DecimalField(
        _("collective total"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    opinion = models.TextField(_("review opinion"), blank=True, max_length=2000)
    balanced = models.BooleanField(pgettext_lazy("field", "balanced development"), default=False)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    published_at = models.DateTimeField(pgettext_lazy("field", "published at"), null=True, blank=True)
    updated_at = models.DateTimeField(pgettext_lazy("field", "updated at"), default=timezone.now)

    class Meta:
        ordering = ["region", "institution__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "institution"], name="one_application_per_school_and_region")
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.region} · {self.institution.short_name}"

    def get_absolute_url(self):
        return reverse("region:application", args=[self.pk])

    @property
    def report_length(self) -> int:
        return len(self.report)


class ApplicationScore(models.Model):
    """The school's self score of one indicator, and the collective score agreed at the review."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(SchoolIndicator, on_delete=models.CASCADE, related_name="scores")
    self_score = models.DecimalField(
        pgettext_lazy("field", "self score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(pgettext_lazy("field", "self-assessment note"), blank=True, max_length=1000)
    collective_score = models.DecimalField(
        _("collective score"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="one_application_score_per_indicator")
        ]
        verbose_name = _("application score")
        verbose_name_plural = _("application scores")

    def __str__(self):
        return f"{self.application} {self.indicator.code}"


class ScoreField(models.TextChoices):
    SELF = "self_score", pgettext_lazy("field", "Self score")
    COLLECTIVE = "collective_score", pgettext_lazy("field", "Collective score")


class ApplicationScoreChange(models.Model):
    """The trail of every score change, as the scoring engine keeps for the colleges."""

    score = models.ForeignKey(ApplicationScore, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(pgettext_lazy("field", "score"), max_length=20, choices=ScoreField.choices)
    old_value = models.DecimalField(
        pgettext_lazy("score change", "from"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    new_value = models.DecimalField(
        pgettext_lazy("score change", "to"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("application score change")
        verbose_name_plural = _("application score changes")

    def __str__(self):
        return f"{self.score} {self.field} {self.old_value} → {self.new_value}"


class ApplicationEvent(HistoryLine):
    """One step in an application's history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(pgettext_lazy("status change", "to"), max_length=20, choices=Status.choices)

    class Meta(HistoryLine.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.application} {self.action}"


class ApplicationFile(RegionFile):
    """Evidence for an application (佐证材料), kept in the portal's one safe store."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")

    class Meta(RegionFile.Meta):
        verbose_name = _("application file")
        verbose_name_plural = _("application files")

    def get_absolute_url(self):
        return reverse("region:application_file", args=[self.application_id, self.pk])
