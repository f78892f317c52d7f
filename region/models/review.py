"""The collective review (评议): the round, each reviewer's assignment and their blind scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .applications import Application
from .schools import Region, SchoolIndicator


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "In progress")
    CLOSED = "closed", _("Closed round")


class ReviewRound(models.Model):
    """The collective review (评议) of a region-year's applications."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="review_round", verbose_name=pgettext_lazy("field", "region")
    )
    deadline = models.DateField(_("deadline"))
    disagreement_points = models.DecimalField(
        _("disagreement threshold (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Indicators where reviewers' scores differ by more than this are flagged for the meeting."),
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="region_rounds", verbose_name=_("panel"))

    class Meta:
        ordering = ["-region__year"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return f"{self.region} · {self.deadline}"

    def get_absolute_url(self):
        return reverse("region:round", args=[self.region_id])


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("To score")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")


class Assignment(models.Model):
    """One reviewer's review of one application; scores stay blind until the reviewer submits."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="region_reviews")
    status = models.CharField(
        pgettext_lazy("field", "status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(pgettext_lazy("field", "submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["application__institution__code", "reviewer__username"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer_and_application")
        ]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")

    def __str__(self):
        return f"{self.application} · {self.reviewer}"

    def get_absolute_url(self):
        return reverse("region:review", args=[self.pk])


class ReviewScore(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(SchoolIndicator, on_delete=models.CASCADE, related_name="review_scores")
    score = models.DecimalField(pgettext_lazy("field", "score"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(pgettext_lazy("review comment", "comment"), blank=True, max_length=1000)

    class Meta:
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="one_review_score_per_indicator")
        ]
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")

    def __str__(self):
        return f"{self.assignment} {self.indicator.code}"
