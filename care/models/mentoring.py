"""The mentoring programmes (青蓝工程, 老教授导师制 …), their pairs and their meetings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College
from core.scoping import school_manager
from institutions.models import InstitutionKey

from .board import Offer
from .elder_logs import ElderLog, ElderLogQuerySet


class ProgrammeKind(models.TextChoices):
    QINGLAN = "qinglan", _("青蓝工程 (young teachers)")
    PROFESSOR = "professor", _("老教授导师制 (old professors as tutors)")
    STUDIO = "studio", _("名师工作室 (master teachers' studio)")
    QINGMA = "qingma", _("青马工程 (young Marxists)")
    ORGANISER = "organiser", _("特邀组织员 (invited party organisers)")


TEACHER_PROGRAMMES = {ProgrammeKind.QINGLAN, ProgrammeKind.PROFESSOR, ProgrammeKind.STUDIO}


class Programme(models.Model):
    """A mentoring programme of a year, school-wide (no college) or a college's own."""

    institution = InstitutionKey(related_name="mentoring_programmes")
    kind = models.CharField(_("programme"), max_length=20, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"), db_index=True)
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_programmes",
        verbose_name=pgettext_lazy("field", "college"),
        help_text=_("Empty for a school-wide programme."),
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    summary = models.TextField(_("aims"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("care:programme", args=[self.pk])

    @property
    def for_teachers(self) -> bool:
        return self.kind in TEACHER_PROGRAMMES


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not achieved")


class Mentorship(models.Model):
    """An elder and young teachers (or a student group) in a programme, their goals and their year-end evaluation."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentorships", verbose_name=_("programme")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="mentorships", verbose_name=pgettext_lazy("field", "elder")
    )
    mentees = models.CharField(
        _("young teachers or student group"), max_length=200, help_text=_("e.g. 王老师、李老师 or 2021级青马班")
    )
    mentee_count = models.PositiveSmallIntegerField(
        _("people"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    goals = models.TextField(_("goals"), max_length=2000)
    grade = models.CharField(_("year-end evaluation"), max_length=10, choices=Grade.choices, blank=True)
    evaluation = models.TextField(_("evaluation comment"), max_length=2000, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = school_manager("programme__institution")

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")

    def __str__(self):
        return f"{self.offer} · {self.mentees}"

    def get_absolute_url(self):
        return reverse("care:mentorship", args=[self.pk])


class MentorMeeting(ElderLog):
    """A meeting of a mentoring pair, logged by the programme's college (staff for a school-wide programme), or by
    the pair's elder and then confirmed (ElderLog)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mentoring pair")
    )
    held_on = models.DateField(pgettext_lazy("field", "date"))
    minutes = models.PositiveSmallIntegerField(
        pgettext_lazy("field", "length (minutes)"),
        default=90,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    topic = models.CharField(pgettext_lazy("field", "topic"), max_length=200)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = school_manager("mentorship__programme__institution", ElderLogQuerySet)

    class Meta(ElderLog.Meta):
        ordering = ["-held_on", "-pk"]
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")

    def __str__(self):
        return f"{self.held_on} {self.topic}"

    @property
    def college_id(self) -> int | None:
        """The college that confirms the record: the programme's (none for a school-wide one: staff confirm)."""
        return self.mentorship.programme.college_id
