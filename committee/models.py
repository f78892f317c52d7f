"""The committee's own work: notices to colleges and member units, meetings with their follow-up tasks,
training classes, and the member units' yearly duties, self-reports and ratings.

Every row that people change carries a `version` that the services claim (UPDATE … WHERE version = n), and every
write leaves an `Event`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College, CommitteeMember, MemberUnit
from core.files import StoredFile
from core.scoping import school_manager
from institutions.files import in_school_folder
from institutions.models import InstitutionKey, UniqueWithinSchool


def upload_path(instance, filename):
    """Generated names only: nothing the uploader typed reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()
    return in_school_folder(instance, f"committee/{type(instance).__name__.lower()}/{uuid.uuid4().hex}{suffix}")


# An owner or a recipient is a college or a member unit, never both and never neither.
ONE_OF_COLLEGE_OR_UNIT = (Q(college__isnull=False) & Q(unit__isnull=True)) | (
    Q(college__isnull=True) & Q(unit__isnull=False)
)


class Audience(models.TextChoices):
    """Who a notice goes to: every active college (and any member units chosen beside them), or the colleges and
    member units chosen, together in one notice."""

    ALL_COLLEGES = "all_colleges", _("All colleges")
    CHOSEN = "chosen", _("Chosen colleges and member units")


class ReplyKind(models.TextChoices):
    NONE = "none", _("No reply needed")
    TEXT = "text", _("A written reply")
    FILE = "file", _("A file")


class Notice(models.Model):
    """A notice (通知公告) published by the committee's staff to colleges or member units."""

    institution = InstitutionKey(related_name="committee_notices")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("field", "text"))
    audience = models.CharField(
        pgettext_lazy("notice audience", "to"), max_length=20, choices=Audience.choices, default=Audience.ALL_COLLEGES
    )
    reply = models.CharField(_("reply asked for"), max_length=10, choices=ReplyKind.choices, default=ReplyKind.NONE)
    deadline = models.DateField(_("reply by"), null=True, blank=True)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Public notices may be shown on the public site.")
    )
    published_at = models.DateTimeField(pgettext_lazy("field", "published at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:notice", args=[self.pk])

    @property
    def asks_reply(self) -> bool:
        return self.reply != ReplyKind.NONE


class NoticeAttachment(StoredFile):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, max_length=200)

    objects = school_manager("notice__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")


class Receipt(models.Model):
    """One recipient of a notice (a college or a member unit): when it was read and what was replied."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    college = models.ForeignKey(College, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(MemberUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    read_at = models.DateTimeField(pgettext_lazy("field", "read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_text = models.TextField(_("reply"), blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("notice__institution")

    class Meta:
        # Colleges first, then member units, on every database (SQLite puts NULLs first, PostgreSQL last).
        ordering = [
            "notice",
            models.F("college__order").asc(nulls_last=True),
            "college__code",
            "unit__order",
            "unit__name",
            "pk",
        ]
        constraints = [
            models.CheckConstraint(condition=ONE_OF_COLLEGE_OR_UNIT, name="receipt_college_or_unit"),
            models.UniqueConstraint(fields=["notice", "college"], name="one_receipt_per_college"),
            models.UniqueConstraint(fields=["notice", "unit"], name="one_receipt_per_unit"),
        ]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return str(self.college or self.unit)

    @property
    def recipient(self):
        return self.college or self.unit


class ReplyFile(StoredFile):
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, max_length=200)

    objects = school_manager("receipt__notice__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("reply file")
        verbose_name_plural = _("reply files")


class Meeting(models.Model):
    """A working meeting (工作会议) of the school committee."""

    institution = InstitutionKey(related_name="committee_meetings")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    held_on = models.DateField(pgettext_lazy("field", "date"))
    place = models.CharField(pgettext_lazy("field", "place"), max_length=100, blank=True)
    agenda = models.TextField(pgettext_lazy("field", "agenda"), blank=True)
    minutes = models.TextField(pgettext_lazy("meeting minutes", "minutes"), blank=True)
    colleges_present = models.ManyToManyField(
        College, blank=True, related_name="+", verbose_name=_("colleges present")
    )
    units_present = models.ManyToManyField(
        MemberUnit, blank=True, related_name="+", verbose_name=_("member units present")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = pgettext_lazy("committee meeting", "meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:meeting", args=[self.pk])


class MeetingAttachment(StoredFile):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, max_length=200)

    objects = school_manager("meeting__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = pgettext_lazy("field", "meeting attachment")
        verbose_name_plural = pgettext_lazy("field", "meeting attachments")


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = school_manager("meeting__institution")

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = pgettext_lazy("field", "decisions")

    def __str__(self):
        return self.text[:60]


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("status", "Done")


class FollowUpTask(models.Model):
    """A decision's follow-up for one owner (a college or a member unit), due on a date, tracked to done."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tasks")
    college = models.ForeignKey(College, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(MemberUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("decision__meeting__institution")

    class Meta:
        ordering = ["status", "due_on", "pk"]
        constraints = [models.CheckConstraint(condition=ONE_OF_COLLEGE_OR_UNIT, name="task_college_or_unit")]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return str(self.decision)

    def get_absolute_url(self):
        return reverse("committee:tasks")

    @property
    def owner(self):
        return self.college or self.unit

    def is_overdue(self, today) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < today


class TrainingClass(models.Model):
    """A training class (学习培训), e.g. the college committee cadres' class, held in sessions."""

    institution = InstitutionKey(related_name="training_classes")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        pgettext_lazy("field", "year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.TextField(pgettext_lazy("field", "description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:training", args=[self.pk])


class TrainingSession(models.Model):
    training = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(pgettext_lazy("field", "date"))
    topic = models.CharField(pgettext_lazy("field", "topic"), max_length=200)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="training_sessions", verbose_name=pgettext_lazy("field", "attendees")
    )
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("training__institution")

    class Meta:
        ordering = ["training", "held_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class RatingLevel(UniqueWithinSchool, models.Model):
    """A step of the scale the committee rates member units on (优秀 / 良好 / 合格 / 不合格): data, not code."""

    institution = InstitutionKey(related_name="rating_levels")
    name = models.CharField(pgettext_lazy("field", "name"), max_length=20)
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "order"), default=0)
    passing = models.BooleanField(_("passing"), default=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_rating_level_per_school",
                violation_error_message=_("A rating level with this name already exists."),
            )
        ]
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")

    def __str__(self):
        return self.name


class UnitReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    RETURNED = "returned", pgettext_lazy("status", "Returned")
    RATED = "rated", _("Rated")


class UnitReport(models.Model):
    """A member unit's self-report of the year on its duties, with evidence, and the committee's rating."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.CASCADE, related_name="+", verbose_name=pgettext_lazy("field", "member unit")
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    text = models.TextField(_("self-report"))
    status = models.CharField(
        pgettext_lazy("field", "status"),
        max_length=20,
        choices=UnitReportStatus.choices,
        default=UnitReportStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(pgettext_lazy("field", "submitted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    rating = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rating")
    )
    rating_comment = models.TextField(_("comment on the rating"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = school_manager("unit__institution")

    class Meta:
        ordering = ["year", "unit__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_unit_report_per_year")]
        verbose_name = _("member unit self-report")
        verbose_name_plural = _("member unit self-reports")

    def __str__(self):
        return f"{self.year} {self.unit}"

    def get_absolute_url(self):
        return reverse("committee:unit", args=[self.year, self.unit_id])


class UnitReportFile(StoredFile):
    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=upload_path, max_length=200)

    objects = school_manager("report__unit__institution")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("self-report evidence")
        verbose_name_plural = _("self-report evidence")


class Event(models.Model):
    """The history of every write in this app: what was done to which row, by whom and when."""

    # The school of the row it tells about (services.common.record_event): the subject is named, not a key to it.
    institution = InstitutionKey(related_name="committee_events")
    subject = models.CharField(max_length=30)  # the model's name, e.g. "notice"
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=30)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["subject", "object_id"])]

    def __str__(self):
        return f"{self.subject}#{self.object_id} {self.action}"
