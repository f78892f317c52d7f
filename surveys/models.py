"""Surveys (调研, issue 28 item 1): the committee's or a college's questionnaire, answered without an account.

A survey is designed (sections and questions), opened for a period to chosen colleges and groups, and answered
through its public link — by anyone who has it, or one answer per invitation token where it has a token list.
Answers are anonymous unless staff made the survey named (a student number is then asked): a response keeps the
college and group the respondent chose and the day it was given, never an address, an account or a finer time, and
nothing ties it to the invitation token it used (the token only knows that it was used).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College
from core.scoping import school_manager
from institutions.models import InstitutionKey

TITLE_MAX = 120
TEXT_MAX = 2000  # an answer to a long-text question, an introduction, a report section
SHORT_MAX = 200  # an answer to a short-text question
CHOICES_MAX = 30  # choices of one question
SMALL_GROUP = 5  # a group with fewer answers is not shown apart, so that no one is identified


class Survey(models.Model):
    """A questionnaire of the school (`college` empty: designed by committee staff) or of one college."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "Draft")
        OPEN = "open", pgettext_lazy("survey status", "Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    institution = InstitutionKey(related_name="surveys")
    year = models.PositiveIntegerField(pgettext_lazy("field", "year"))
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_surveys",
        verbose_name=_("designed by college"),
        help_text=_("Empty for the committee's own survey."),
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=TITLE_MAX)
    intro = models.TextField(_("introduction"), max_length=TEXT_MAX, blank=True)
    named = models.BooleanField(
        _("named survey"),
        default=False,
        help_text=_("Respondents give their student number. Only committee staff may make a survey named."),
    )
    uses_tokens = models.BooleanField(
        _("answered by invitation only"),
        default=False,
        help_text=_("Each invitation code answers once; without it, anyone with the link may answer."),
    )
    colleges = models.ManyToManyField(College, blank=True, related_name="surveys", verbose_name=_("colleges asked"))
    groups = models.TextField(
        _("groups asked"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("One a line, e.g. 2022级 or 青年教师; the respondent chooses theirs."),
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    report = models.TextField(_("survey report"), max_length=20000, blank=True)
    report_saved_at = models.DateTimeField(_("report saved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title

    def group_list(self) -> list[str]:
        return [line.strip() for line in self.groups.splitlines() if line.strip()]


class Section(models.Model):
    """A part of a survey with a heading; questions without a section come first."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(pgettext_lazy("field", "order"), default=0)
    title = models.CharField(pgettext_lazy("field", "title"), max_length=TITLE_MAX)
    note = models.CharField(_("section note"), max_length=500, blank=True)

    objects = school_manager("survey__institution")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey section")
        verbose_name_plural = _("survey sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        SHORT = "short", _("Short text")
        LONG = "long", _("Long text")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
    TEXT_KINDS = frozenset({Kind.SHORT, Kind.LONG})

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("survey section"),
    )
    order = models.PositiveIntegerField(pgettext_lazy("field", "order"), default=0)
    kind = models.CharField(_("question type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), max_length=TEXT_MAX, blank=True, help_text=_("One a line, for single and multiple choice.")
    )
    scale_max = models.PositiveSmallIntegerField(
        _("scale points"), default=5, help_text=_("From 1 to this number (2 to 10).")
    )
    scale_low = models.CharField(_("label of the lowest point"), max_length=20, blank=True)
    scale_high = models.CharField(_("label of the highest point"), max_length=20, blank=True)

    objects = school_manager("survey__institution")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self):
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Invitation(models.Model):
    """One invitation code of a survey answered by invitation only: its keyed hash, and the day it was used. It is
    not linked to the response it gave."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    used_on = models.DateField(_("used on"), null=True, blank=True)

    objects = school_manager("survey__institution")

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self):
        return f"{self.survey_id} · {self.pk}"


class Response(models.Model):
    """One respondent's answers: their college and group as they chose them, the day (never a finer time), and their
    student number only on a named survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("field", "college"),
    )
    group = models.CharField(_("group"), max_length=60, blank=True)
    answered_on = models.DateField(_("answered on"))
    student_number = models.CharField(_("student number"), max_length=20, blank=True)

    objects = school_manager("survey__institution")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["survey", "college", "group"])]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey_id} · {self.answered_on}"


class Answer(models.Model):
    """The answer to one question: the chosen choices' positions (from 0), the scale point, or the text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    chosen = models.JSONField(default=list, blank=True)
    point = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=TEXT_MAX, blank=True)

    objects = school_manager("response__survey__institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return f"{self.response_id} · {self.question_id}"
