"""The region (片) of universities this school leads: its member schools, their balanced-development
applications (申报), the collective review (集体考核评议), region meetings and the exchange board.

A region is data, one per year, so the same code serves every region of the province. People of member schools
are linked to their school through `Affiliation`; who may see what is decided in `region.access`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import StoredFile
from core.jobs import ACTIVE_STATES, BackgroundJob, JobState
from scoring import rules

from .rules import REPORT_MAX_CHARS


def upload_path(instance, filename: str) -> str:
    """Generated names only: nothing of the uploader's file name reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"region/{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


class RegionFile(StoredFile):
    """An upload of the region's (evidence, a meeting's or a post's attachment); a photo keeps its thumbnail."""

    file = models.FileField(_("file"), upload_to=upload_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=upload_path, max_length=200, blank=True)

    class Meta(StoredFile.Meta):
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def stored_files(self):
        return [f for f in (self.file, self.thumbnail) if f]


class Institution(models.Model):
    """A university of the province that may be a member of a region (高校)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")

    def __str__(self):
        return self.name


class Region(models.Model):
    """One region of one year (e.g. 2022 第十片) with its lead school and member schools."""

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    lead = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="led_regions", verbose_name=_("lead school")
    )
    members = models.ManyToManyField(Institution, related_name="regions", verbose_name=_("member schools"))
    application_deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_("Member schools whose application is not submitted are reminded a week and a day before."),
    )

    class Meta:
        ordering = ["-year", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="one_region_per_code_and_year")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.year} {self.name}"

    def get_absolute_url(self):
        return reverse("region:region", args=[self.pk])


class Affiliation(models.Model):
    """Which member school a person of the region (a contact, a reviewer) belongs to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="people", verbose_name=_("member school")
    )

    class Meta:
        verbose_name = _("member school affiliation")
        verbose_name_plural = _("member school affiliations")

    def __str__(self):
        return f"{self.user} · {self.institution}"


class SchoolScheme(models.Model):
    """The school-level scheme a region's applications are scored against (after the provincial
    优质化建设均衡发展基本要求), loaded from a data file and kept by the lead."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="scheme", verbose_name=_("region"))
    title = models.CharField(_("title"), max_length=200)
    threshold = models.DecimalField(
        _("balanced threshold"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(90),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("school-level scheme")
        verbose_name_plural = _("school-level schemes")

    def __str__(self):
        return self.title

    def specs(self) -> list[rules.IndicatorSpec]:
        return [indicator.spec() for indicator in self.indicators.all()]


class Mode(models.TextChoices):
    POINTS = rules.POINTS, _("Points up to the maximum")
    YES_NO = rules.YES_NO, _("Yes or no (full marks or zero)")
    GRADED = rules.GRADED, _("Graded A/B/C/D (100/60/40/0 %)")


class SchoolIndicator(models.Model):
    scheme = models.ForeignKey(
        SchoolScheme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("scheme")
    )
    code = models.CharField(_("code"), max_length=10)
    group = models.CharField(_("first-level indicator"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=100)
    points_text = models.TextField(_("assessment points"), blank=True, max_length=2000)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1000))],
    )
    is_key = models.BooleanField(_("key indicator"), default=False)
    mode = models.CharField(_("scoring mode"), max_length=10, choices=Mode.choices, default=Mode.POINTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scheme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_school_indicator_code")]
        verbose_name = _("school-level indicator")
        verbose_name_plural = _("school-level indicators")

    def __str__(self):
        return f"{self.code} {self.name}"

    def spec(self) -> rules.IndicatorSpec:
        return rules.IndicatorSpec(self.code, self.name, self.max_points, self.is_key, self.mode)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    UNDER_REVIEW = "under_review", _("Under collective review")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    RESUBMIT = "resubmit", _("Resubmitted")
    RETURN = "return", _("Returned for completion")
    START_REVIEW = "start_review", _("Review started")
    RECORD_RESULT = "record_result", _("Collective result recorded")
    PUBLISH = "publish", _("Result published")
    ADD_FILE = "add_file", _("File added")
    REMOVE_FILE = "remove_file", _("File removed")


class Application(models.Model):
    """One member school's application (申报) in one region-year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="applications", verbose_name=_("region"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="applications", verbose_name=_("member school")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    report = models.TextField(_("written report"), blank=True, max_length=REPORT_MAX_CHARS)
    party_agreed_on = models.DateField(_("party committee agreed on"), null=True, blank=True)
    self_total = models.DecimalField(_("self-assessed total"), max_digits=7, decimal_places=2, default=Decimal(0))
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The collective result: agreed at the review meeting, recorded by the lead, shown to the school once published.
    collective_total = models.DecimalField(
        _("collective total"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    opinion = models.TextField(_("review opinion"), blank=True, max_length=2000)
    balanced = models.BooleanField(_("balanced development"), default=False)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

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
    self_score = models.DecimalField(_("self score"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("self-assessment note"), blank=True, max_length=1000)
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
    SELF = "self_score", _("Self score")
    COLLECTIVE = "collective_score", _("Collective score")


class ApplicationScoreChange(models.Model):
    """The trail of every score change, as the scoring engine keeps for the colleges."""

    score = models.ForeignKey(ApplicationScore, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("score"), max_length=20, choices=ScoreField.choices)
    old_value = models.DecimalField(_("from"), max_digits=6, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(_("to"), max_digits=6, decimal_places=2, null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("application score change")
        verbose_name_plural = _("application score changes")

    def __str__(self):
        return f"{self.score} {self.field} {self.old_value} → {self.new_value}"


class ApplicationEvent(models.Model):
    """One step in an application's history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
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


class RoundStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed round")


class ReviewRound(models.Model):
    """The collective review (评议) of a region-year's applications."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="review_round", verbose_name=_("region")
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
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
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
    SUBMITTED = "submitted", _("Submitted")


class Assignment(models.Model):
    """One reviewer's review of one application; scores stay blind until the reviewer submits."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="region_reviews")
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

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
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)

    class Meta:
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="one_review_score_per_indicator")
        ]
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")

    def __str__(self):
        return f"{self.assignment} {self.indicator.code}"


class WorkReport(models.Model):
    """The region work report (片工作情况通报) for the province, drafted from the data and edited by the lead."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="work_report")
    text = models.TextField(_("text"), max_length=20000)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("region work report")
        verbose_name_plural = _("region work reports")

    def __str__(self):
        return str(self.region)


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    PDF = "pdf", _("PDF")


# The states and staleness of every background build live in the core (core/jobs.py).
ExportState = JobState


class SummaryExport(BackgroundJob):
    """A background build of the review summary table (评议汇总表)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    file = models.FileField(_("file"), upload_to=upload_path, blank=True, max_length=200)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Of many leads asking at once for the same summary, one creates the build and the others find it.
            models.UniqueConstraint(
                fields=["region", "format"],
                condition=models.Q(state__in=ACTIVE_STATES),
                name="one_active_summary_build",
            )
        ]
        verbose_name = _("review summary build")
        verbose_name_plural = _("review summary builds")

    def __str__(self):
        return f"{self.region} {self.format}"

    def get_absolute_url(self):
        return reverse("region:export_download", args=[self.pk])

    @property
    def filename(self) -> str:
        return f"{self.region.year}-{self.region.code}-review-summary.{self.format}"


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Work meeting")
    ACTIVITY = "activity", _("Activity")


class Meeting(models.Model):
    """A region work meeting or activity, hosted by a member school."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    host = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="hosted_meetings", verbose_name=_("host school")
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=5000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    decisions = models.TextField(_("decisions"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("region meeting")
        verbose_name_plural = _("region meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("region:meeting", args=[self.pk])


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), default=False)
    attendees = models.CharField(_("attendees"), max_length=200, blank=True)

    class Meta:
        ordering = ["institution__code"]
        constraints = [models.UniqueConstraint(fields=["meeting", "institution"], name="one_attendance_per_school")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.meeting} · {self.institution}"


class MeetingFile(RegionFile):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")

    class Meta(RegionFile.Meta):
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def get_absolute_url(self):
        return reverse("region:meeting_file", args=[self.meeting_id, self.pk])


class Post(models.Model):
    """A post on the region's exchange board (信息交流平台)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="posts", verbose_name=_("region"))
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=5000)
    pinned = models.BooleanField(_("pinned"), default=False)
    removed = models.BooleanField(_("removed"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("region:post", args=[self.pk])


class PostFile(RegionFile):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="files")

    class Meta(RegionFile.Meta):
        verbose_name = _("post attachment")
        verbose_name_plural = _("post attachments")

    def get_absolute_url(self):
        return reverse("region:post_file", args=[self.post_id, self.pk])


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.post} · {self.author}"
