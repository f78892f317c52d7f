"""Expert visits (实地考察): the lead plans an on-site visit of one application's school during the review round —
the day, the visiting reviewers (the round's panel, none of the school's own), the agenda — and records what the
visitors found, read beside the collective score."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.versions import HistoryLine

from .applications import Application
from .review import ReviewRound


class VisitState(models.TextChoices):
    PLANNED = "planned", _("Visit planned")
    RECORDED = "recorded", _("Findings recorded")


class Visit(models.Model):
    """One on-site visit of an application's school (one per application)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="visit", verbose_name=_("visited application")
    )
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="visits")
    visit_on = models.DateField(_("visit date"))
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="region_visits", verbose_name=_("visiting reviewers")
    )
    agenda = models.TextField(_("visit agenda"), max_length=2000)
    findings = models.TextField(_("visit findings"), max_length=4000, blank=True)
    state = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=VisitState.choices, default=VisitState.PLANNED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("findings recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["visit_on", "pk"]
        verbose_name = _("on-site visit")
        verbose_name_plural = _("on-site visits")

    def __str__(self):
        return f"{self.application} · {self.visit_on}"

    def get_absolute_url(self):
        return reverse("region:visit", args=[self.pk])


class VisitChange(HistoryLine):
    """One step of a visit: planned, changed, findings recorded."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="changes")
    state = models.CharField(pgettext_lazy("field", "status"), max_length=10, choices=VisitState.choices)

    class Meta(HistoryLine.Meta):
        verbose_name = _("on-site visit change")
        verbose_name_plural = _("on-site visit changes")

    def __str__(self):
        return f"{self.visit} {self.state}"
