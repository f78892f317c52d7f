"""The year's indicator scheme, each college's assessment against it, and the trail of every score change."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import ActivityReport
from colleges.access import scope_to_colleges
from colleges.models import College
from core.files import StoredFile
from core.scoping import school_manager
from institutions.files import in_school_folder
from institutions.models import InstitutionKey, UniqueWithinSchool

from . import rules


class Scheme(UniqueWithinSchool, models.Model):
    """《江苏省高等学校关工委优质化建设均衡发展基本要求》 as this school applies it in one year."""

    institution = InstitutionKey(related_name="schemes")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    total = models.DecimalField(_("total points"), max_digits=6, decimal_places=2, default=Decimal(100))
    threshold = models.DecimalField(
        pgettext_lazy("field", "balanced threshold"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(90),
        help_text=_("A total at or above this, with every key indicator at full marks, is balanced development."),
    )
    self_assessment_deadline = models.DateField(
        _("self-assessment deadline"),
        null=True,
        blank=True,
        help_text=_("Secretaries with an open self-assessment are reminded a week and a day before."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                name="one_scheme_per_school_and_year",
                violation_error_message=_("An indicator scheme for this year already exists."),
            )
        ]
        verbose_name = _("indicator scheme")
        verbose_name_plural = _("indicator schemes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scoring:scheme", args=[self.year])

    @property
    def is_locked(self) -> bool:
        """Once any assessment of the year is final, changing the yardstick would change settled verdicts."""
        return self.assessments.filter(status=AssessmentStatus.FINALISED).exists()


class Mode(models.TextChoices):
    POINTS = rules.POINTS, _("Points up to the maximum")
    YES_NO = rules.YES_NO, _("Yes or no (full marks or zero)")
    GRADED = rules.GRADED, _("Graded A/B/C/D (100/60/40/0 %)")


class Indicator(models.Model):
    """一级指标 (no parent, groups the 二级指标 under it) or 二级指标; only indicators without children are scored."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="indicators", verbose_name=pgettext_lazy("field", "scheme")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=pgettext_lazy("field", "first-level indicator"),
    )
    code = models.CharField(pgettext_lazy("field", "code"), max_length=10)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100)
    points_text = models.TextField(pgettext_lazy("field", "assessment points"), blank=True)
    max_points = models.DecimalField(pgettext_lazy("field", "maximum points"), max_digits=6, decimal_places=2)
    is_key = models.BooleanField(pgettext_lazy("field", "key indicator"), default=False)
    mode = models.CharField(
        pgettext_lazy("field", "scoring mode"), max_length=10, choices=Mode.choices, default=Mode.POINTS
    )
    evidence_hint = models.TextField(_("evidence needed"), blank=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "order"), default=0)

    objects = school_manager("scheme__institution")

    class Meta:
        ordering = ["scheme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_indicator_code")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} {self.name}"

    def spec(self) -> rules.IndicatorSpec:
        return rules.IndicatorSpec(self.code, self.name, self.max_points, self.is_key, self.mode)


class AssessmentStatus(models.TextChoices):
    SELF = "self", pgettext_lazy("assessment stage", "Self-assessment")
    SUBMITTED = "submitted", _("Under review")
    FINALISED = "finalised", _("Finalised")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_to_colleges(self, user)


class Assessment(models.Model):
    """One college's assessment of one year. The verdict fields are derived, kept for lists and dashboards."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="assessments", verbose_name=pgettext_lazy("field", "college")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="assessments", verbose_name=pgettext_lazy("field", "scheme")
    )
    status = models.CharField(
        pgettext_lazy("field", "status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.SELF,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("self-assessment submitted at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_total = models.DecimalField(
        pgettext_lazy("field", "self-assessed total"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    final_total = models.DecimalField(_("reviewed total"), max_digits=6, decimal_places=2, default=Decimal(0))
    balanced = models.BooleanField(pgettext_lazy("field", "balanced development"), default=False)
    key_short = models.JSONField(_("key indicators short"), default=list, blank=True)

    objects = school_manager("college__institution", AssessmentQuerySet)

    class Meta:
        ordering = ["scheme", "college"]
        constraints = [models.UniqueConstraint(fields=["college", "scheme"], name="one_assessment_per_college_year")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.scheme.year} {self.college}"

    def get_absolute_url(self):
        return reverse("scoring:assessment", args=[self.scheme.year, self.college.code])

    @property
    def is_final(self) -> bool:
        return self.status == AssessmentStatus.FINALISED


class IndicatorScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    self_score = models.DecimalField(
        pgettext_lazy("field", "self score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(pgettext_lazy("field", "self-assessment note"), blank=True)
    final_score = models.DecimalField(_("reviewed score"), max_digits=6, decimal_places=2, null=True, blank=True)
    review_note = models.TextField(_("review comment"), blank=True)
    reports = models.ManyToManyField(
        ActivityReport, blank=True, related_name="indicator_scores", verbose_name=_("activity reports as evidence")
    )

    objects = school_manager("assessment__college__institution")

    class Meta:
        ordering = ["indicator__order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="one_score_per_indicator")]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")

    def __str__(self):
        return f"{self.assessment} {self.indicator.code}"


class ScoreField(models.TextChoices):
    SELF = "self_score", pgettext_lazy("field", "Self score")
    FINAL = "final_score", pgettext_lazy("field", "Reviewed score")


class ScoreChange(models.Model):
    """Who changed which score, when, from what to what."""

    score = models.ForeignKey(IndicatorScore, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(pgettext_lazy("field", "score"), max_length=20, choices=ScoreField.choices)
    old_value = models.DecimalField(
        pgettext_lazy("score change", "from"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    new_value = models.DecimalField(
        pgettext_lazy("score change", "to"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=40, blank=True)
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    objects = school_manager("score__assessment__college__institution")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self):
        return f"{self.score} {self.field} {self.old_value} → {self.new_value}"


class AssessmentAction(models.TextChoices):
    SUBMIT = "submit", _("Self-assessment submitted")
    RETURN = "return", _("Returned to the college")
    FINALISE = "finalise", _("Finalised")
    REOPEN = "reopen", pgettext_lazy("history", "Reopened")
    LINK_REPORTS = "link_reports", _("Evidence reports linked")
    ADD_DOCUMENTS = "add_documents", _("Evidence documents added")


class AssessmentEvent(models.Model):
    """Every step of an assessment that is not a score change: the workflow and the evidence linked to it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=AssessmentAction.choices)
    comment = models.TextField(pgettext_lazy("review comment", "comment"), blank=True)
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    objects = school_manager("assessment__college__institution")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.assessment} {self.action}"


def generated_document_path(instance, filename):
    """Generated names only: nothing the uploader typed reaches the file system."""
    return in_school_folder(instance, f"assessment/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}")


class AssessmentDocument(StoredFile):
    """An evidence document uploaded for one indicator (佐证材料), beside the linked activity reports."""

    score = models.ForeignKey(IndicatorScore, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=generated_document_path, max_length=200)

    objects = school_manager("score__assessment__college__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("assessment document")
        verbose_name_plural = _("assessment documents")
