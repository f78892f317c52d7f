"""The province's overview reads one row per school and year: `SchoolYearTally`, kept by province/tallies.py."""

from __future__ import annotations

from django.db import models

from core.scoping import school_manager
from institutions.models import InstitutionKey


class SchoolYearTally(models.Model):
    """A school's year in figures, as its own dashboard counts them: active colleges, assessments finalised and
    balanced, the plan's goal for the balanced share, reports, participants and care figures.

    Recounted for the school after every transaction that changed its figures (province/tallies.py), so the
    province's overview reads one row per school however many colleges and reports each has."""

    institution = InstitutionKey(on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    colleges = models.PositiveIntegerField(default=0)
    finalised = models.PositiveIntegerField(default=0)
    balanced = models.PositiveIntegerField(default=0)
    # The goal the school's own plan sets for the share of balanced colleges (percent); null without such a target.
    balanced_goal = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    reports_submitted = models.PositiveIntegerField(default=0)  # with the committee or beyond (not drafts)
    reports_approved = models.PositiveIntegerField(default=0)
    students = models.PositiveBigIntegerField(default=0)  # person-times in approved reports
    teachers = models.PositiveBigIntegerField(default=0)
    needs_open = models.PositiveIntegerField(default=0)
    needs_matched = models.PositiveIntegerField(default=0)
    needs_closed = models.PositiveIntegerField(default=0)
    elders = models.PositiveIntegerField(default=0)  # the committees' active elders
    elders_engaged = models.PositiveIntegerField(default=0)  # of them, who took part in care or mentoring

    objects = school_manager("institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="school_year_tally_cell")]
        indexes = [models.Index(fields=["year"], name="school_year_tally_year")]

    def __str__(self):
        return f"{self.year} {self.institution_id}"
