"""The year's work plan: the document, its six sections, the work points inside them and measurable targets."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import metrics
from core.scoping import school_manager
from institutions.models import InstitutionKey, UniqueWithinSchool

CHINESE_NUMERALS = "一二三四五六七八九十"


class WorkPlan(UniqueWithinSchool, models.Model):
    institution = InstitutionKey(related_name="work_plans")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=50, blank=True)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    notice_title = models.CharField(_("notice title"), max_length=200, blank=True)
    recipients = models.CharField(_("recipients"), max_length=300, blank=True)
    notice_body = models.TextField(_("notice text"), blank=True)
    preamble = models.TextField(_("overall requirement"), blank=True)
    signed_by = models.CharField(_("signed by"), max_length=100, blank=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                name="one_plan_per_school_and_year",
                violation_error_message=_("A work plan for this year already exists."),
            )
        ]
        verbose_name = pgettext_lazy("field", "work plan")
        verbose_name_plural = _("work plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.year])


class Section(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("field", "text"))

    objects = school_manager("plan__institution")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_section_number")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.numeral}、{self.title}"

    @property
    def numeral(self) -> str:
        """Sections are numbered 一、二、… as the document writes them."""
        return CHINESE_NUMERALS[self.number - 1] if 1 <= self.number <= len(CHINESE_NUMERALS) else str(self.number)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class WorkPointStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("status", "In progress")
    DONE = "done", pgettext_lazy("status", "Done")


def _filed_reports() -> models.QuerySet:
    """The year's approved activity reports filed against work points. They are the activities app's, reached
    through the reverse relation (activities.ActivityReport.work_point) so that plans imports nothing from above."""
    return WorkPoint._meta.get_field("reports").related_model.objects.approved()


class WorkPointQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(section__plan__year=year)

    def with_progress(self):
        """Each point with `progress`, the status the portal shows: done once staff mark it so; in progress once
        staff say so or an approved report of the plan's year serves it; otherwise not started. One query: the
        reports are an EXISTS per point, not a join."""
        served = Exists(_filed_reports().filter(work_point=OuterRef("pk"), year=OuterRef("section__plan__year")))
        return self.annotate(
            progress=Case(
                When(status=WorkPointStatus.DONE, then=Value(WorkPointStatus.DONE)),
                When(Q(status=WorkPointStatus.IN_PROGRESS) | served, then=Value(WorkPointStatus.IN_PROGRESS)),
                default=Value(WorkPointStatus.NOT_STARTED),
                output_field=models.CharField(),
            )
        )

    def status_summary(self) -> list[tuple[str, int, str]]:
        """(label, count, status) for every status the points show (`with_progress`), in the statuses' order, in
        one query."""
        counts = dict(self.with_progress().order_by().values_list("progress").annotate(n=models.Count("pk")))
        return [(label, counts.get(value, 0), value) for value, label in WorkPointStatus.choices]


class WorkPoint(models.Model):
    """A trackable item of a section; its evidence is the activity reports filed against it."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="work_points", verbose_name=_("section")
    )
    code = models.CharField(
        pgettext_lazy("field", "code"),
        max_length=10,
        validators=[RegexValidator(r"^[0-9]{1,2}\.[0-9]{1,3}$", _("Write the code as section.item, e.g. 3.1"))],
        help_text=_("Section number and item, e.g. 3.1"),
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "order"), default=0)
    title = models.CharField(pgettext_lazy("field", "title"), max_length=100)
    text = models.TextField(pgettext_lazy("field", "text"))
    status = models.CharField(
        pgettext_lazy("field", "status"),
        max_length=20,
        choices=WorkPointStatus.choices,
        default=WorkPointStatus.NOT_STARTED,
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    units = models.ManyToManyField(
        "colleges.MemberUnit", blank=True, related_name="work_points", verbose_name=_("responsible member units")
    )

    objects = school_manager("section__plan__institution", WorkPointQuerySet)

    class Meta:
        ordering = ["section__number", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="unique_work_point_code")]
        verbose_name = pgettext_lazy("field", "work point")
        verbose_name_plural = _("work points")

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("plans:work_point", args=[self.section.plan.year, self.code])

    def get_progress_display(self) -> str:
        """The label of the status the portal shows (`progress`, which `WorkPoint.objects.with_progress()` adds)."""
        return WorkPointStatus(self.progress).label


class Target(models.Model):
    """A measurable target; its progress is computed by the app that owns what it counts (plans/progress.py)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    work_point = models.ForeignKey(
        WorkPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=pgettext_lazy("field", "work point"),
    )
    code = models.SlugField(pgettext_lazy("field", "code"), max_length=40)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100)
    description = models.TextField(pgettext_lazy("field", "description"), blank=True)
    metric = models.CharField(_("how progress is counted"), max_length=40)
    goal = models.DecimalField(pgettext_lazy("field", "goal"), max_digits=8, decimal_places=2)
    stretch_goal = models.DecimalField(_("stretch goal"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=10)

    objects = school_manager("plan__institution")

    class Meta:
        ordering = ["plan", "work_point__section__number", "work_point__order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_target_code")]
        verbose_name = pgettext_lazy("target line", "target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.name

    @property
    def metric_label(self) -> str:
        return metrics.label_of(self.metric)


def default_year() -> int:
    """The year a page opens on when none is asked for: the newest plan's, or this calendar year before any plan
    exists (never a year written into the code)."""
    newest = WorkPlan.objects.values_list("year", flat=True).order_by("-year").first()
    return newest if newest is not None else timezone.localdate().year
