"""Activity reports filed by the colleges, their review history and their evidence files."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.access import access_for, reviews, scope_to_colleges
from colleges.models import College, CommitteeMember
from core import metrics, search
from core.files import StoredFile
from core.jobs import BackgroundJob
from core.scoping import school_manager
from core.versions import HistoryLine
from institutions.files import in_school_folder
from institutions.models import InstitutionKey, UniqueWithinSchool

# The FTS5 table that indexes ActivityReport.search_tokens on SQLite (see activities/search_index.py).
REPORT_FTS_TABLE = "activities_report_fts"
# What the bigram index covers; a search may recheck any of them.
SEARCHED_FIELDS = ("title", "summary", "place")


class ActivityKind(UniqueWithinSchool, models.Model):
    """A kind of activity named by the plan; staff edit the list. Reports of a kind count toward its work point."""

    institution = InstitutionKey(related_name="activity_kinds")
    code = models.SlugField(pgettext_lazy("field", "code"), max_length=40)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=60)
    work_point_code = models.CharField(
        pgettext_lazy("field", "work point"),
        max_length=10,
        blank=True,
        help_text=_("The code of the plan's work point these activities serve, e.g. 4.2; it applies to every year."),
    )
    metric = models.CharField(
        _("counts toward target"),
        max_length=40,
        blank=True,
        help_text=_("Approved reports of this kind count toward targets measured by this metric."),
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "display order"), default=0)
    active = models.BooleanField(pgettext_lazy("field", "in use"), default=True)
    min_photos = models.PositiveSmallIntegerField(
        _("photos required"),
        default=1,
        validators=[MaxValueValidator(20)],
        help_text=_("A report of this kind can be submitted only with at least this many photos."),
    )
    requires_document = models.BooleanField(
        _("requires a sign-in sheet or other document"),
        default=False,
        help_text=_(
            "A report of this kind can be submitted only with at least one document, e.g. a signed sign-in sheet."
        ),
    )
    requires_participants = models.BooleanField(
        _("requires participant counts"),
        default=True,
        help_text=_("A report of this kind must give how many students or teachers took part (a meeting may not)."),
    )

    objects = school_manager("institution")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="unique_activity_kind_code_per_school",
                violation_error_message=_("An activity kind with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_activity_kind_name_per_school",
                violation_error_message=_("An activity kind with this name already exists."),
            ),
        ]
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")

    def __str__(self):
        return self.name

    @property
    def metric_label(self) -> str:
        return metrics.label_of(self.metric)


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    RETURNED = "returned", pgettext_lazy("status", "Returned")
    APPROVED = "approved", pgettext_lazy("status", "Approved")


class ActivityReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_to_colleges(self, user)

    def approved(self):
        return self.filter(status=Status.APPROVED)

    def of_year(self, year: int):
        return self.filter(year=year)

    def matching(self, term: str, fields=SEARCHED_FIELDS):
        """The reports where one of `fields` icontains `term`, found through the bigram index (core/search.py)."""
        if not set(fields) <= set(SEARCHED_FIELDS):
            raise ValueError(f"the bigram index covers only {SEARCHED_FIELDS}")
        return search.matching(self, term, column="search_tokens", fts_table=REPORT_FTS_TABLE, fields=fields)

    def for_list(self):
        """What a list row shows, in a fixed number of queries however many rows there are.

        The evidence count is a subquery per shown row rather than a join grouped over every report, so that a
        page (and the paginator's count) costs the same with a hundred thousand reports as with ten.
        """
        evidence = (
            Evidence.objects.filter(report=models.OuterRef("pk"))
            .order_by()
            .values("report")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.select_related("college", "kind", "work_point")
            .annotate(evidence_count=Coalesce(models.Subquery(evidence), 0))
            .order_by("-starts_on", "-pk")
        )


class ActivityReport(models.Model):
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="reports", verbose_name=pgettext_lazy("field", "college")
    )
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="reports", verbose_name=pgettext_lazy("field", "kind")
    )
    work_point = models.ForeignKey(
        "plans.WorkPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=pgettext_lazy("field", "work point"),
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"), editable=False, db_index=True)
    place = models.CharField(pgettext_lazy("field", "place"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    student_count = models.PositiveIntegerField(
        _("students taking part"), default=0, validators=[MaxValueValidator(100_000)]
    )
    teacher_count = models.PositiveIntegerField(
        _("teachers taking part"), default=0, validators=[MaxValueValidator(10_000)]
    )
    members = models.ManyToManyField(
        CommitteeMember,
        blank=True,
        related_name="reports",
        verbose_name=_("committee members and elders involved"),
    )
    # Bounded so that the search column's tsvector stays far below PostgreSQL's 1 MB limit.
    summary = models.TextField(pgettext_lazy("field", "summary"), max_length=10_000)
    outcome = models.TextField(pgettext_lazy("activity outcome", "outcome"), blank=True)
    news_url = models.URLField(_("news link"), max_length=500, blank=True)

    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped by every write, so that two people acting on the same version cannot both win.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("field", "updated at"), auto_now=True)
    submitted_at = models.DateTimeField(pgettext_lazy("field", "submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    # The bigrams of title, summary and place (core/search.py), which the text search reads through an index.
    # save() keeps it; whoever writes those fields without save() (bulk_create, update) calls fill_search_tokens().
    search_tokens = models.TextField(editable=False, blank=True, default="")

    objects = school_manager("college__institution", ActivityReportQuerySet)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["college", "year", "status"]),
            models.Index(fields=["status", "submitted_at"]),
            # The lists show the newest activities first, and page by keyset in that order; a college's list
            # (every secretary's), a year's and a status's have their own, so that a filtered page is a range
            # read too rather than a sort of the whole college, year or status.
            models.Index(fields=["-starts_on", "-id"], name="report_newest_first"),
            # The dashboard's latest approved activities of a year.
            models.Index(fields=["year", "status", "-starts_on", "-id"], name="report_year_status_newest"),
            # A month-and-kind tally cell is recounted from the approved reports of one kind in one month.
            models.Index(fields=["year", "status", "kind", "starts_on"], name="report_year_status_kind"),
            models.Index(fields=["college", "-starts_on", "-id"], name="report_college_newest_first"),
            models.Index(fields=["year", "-starts_on", "-id"], name="report_year_newest_first"),
            models.Index(fields=["status", "-starts_on", "-id"], name="report_status_newest_first"),
            # The review queue of one college, in submission order.
            models.Index(fields=["college", "status", "submitted_at"], name="report_college_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="report_ends_after_start"
            )
        ]
        verbose_name = pgettext_lazy("field", "activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.year = self.starts_on.year
        self.fill_search_tokens()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_tokens"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    def fill_search_tokens(self) -> None:
        self.search_tokens = search.document_tokens(*(getattr(self, field) for field in SEARCHED_FIELDS))


class Action(models.TextChoices):
    CREATE = "create", pgettext_lazy("history", "Created")
    EDIT = "edit", pgettext_lazy("history", "Edited")
    SUBMIT = "submit", pgettext_lazy("history", "Submitted")
    APPROVE = "approve", pgettext_lazy("history", "Approved")
    RETURN = "return", pgettext_lazy("history", "Returned")
    REOPEN = "reopen", pgettext_lazy("history", "Reopened")
    WITHDRAW = "withdraw", _("Withdrawn")
    ADD_EVIDENCE = "add_evidence", _("Added evidence")
    REMOVE_EVIDENCE = "remove_evidence", _("Removed evidence")


class ReportEvent(HistoryLine):
    """One line of a report's history: who did what, when, from which status to which, and why."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=20, choices=Status.choices, blank=True
    )

    objects = school_manager("report__college__institution")

    class Meta(HistoryLine.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


def evidence_path(instance, filename):
    """Generated names only: nothing the uploader typed reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()
    return in_school_folder(instance, f"evidence/{instance.report.year}/{uuid.uuid4().hex}{suffix}")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class Evidence(StoredFile):
    """A photo or document attached to a report as evidence (佐证材料); photos carry a thumbnail."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(
        pgettext_lazy("field", "thumbnail"), upload_to=evidence_path, max_length=200, blank=True
    )
    kind = models.CharField(pgettext_lazy("field", "kind"), max_length=10, choices=EvidenceKind.choices)

    objects = school_manager("report__college__institution")

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def stored_files(self):
        return [f for f in (self.file, self.thumbnail) if f]

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def previews_inline(self) -> bool:
        """A browser shows photos and PDFs itself; Word and Excel files are saved."""
        return self.kind == EvidenceKind.PHOTO or self.is_pdf

    def get_absolute_url(self):
        return reverse("activities:evidence", args=[self.report_id, self.pk])


class CollegeTally(models.Model):
    """How many reports of a year a college has in one status, with their participants and latest start date.

    Maintained on every write by activities/tallies.py (a row per year, college and status, never per report), so
    that the dashboard and the review badge read a small table instead of counting reports."""

    year = models.PositiveSmallIntegerField()
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    reports = models.PositiveIntegerField(default=0)
    students = models.PositiveBigIntegerField(default=0)
    teachers = models.PositiveBigIntegerField(default=0)
    latest = models.DateField(null=True)

    objects = school_manager("college__institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "college", "status"], name="college_tally_cell")]
        # The review badge sums the submitted rows on every staff page: an index-only scan.
        indexes = [models.Index(fields=["status", "reports"], name="college_tally_status")]

    def __str__(self):
        return f"{self.year} {self.college_id} {self.status}: {self.reports}"


class MonthKindTally(models.Model):
    """Approved reports of a year by the month they start in and their kind, with their participants."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.ForeignKey(ActivityKind, on_delete=models.CASCADE, related_name="+")
    reports = models.PositiveIntegerField(default=0)
    students = models.PositiveBigIntegerField(default=0)
    teachers = models.PositiveBigIntegerField(default=0)

    objects = school_manager("kind__institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "kind"], name="month_kind_tally_cell")]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.kind_id}: {self.reports}"


class ElderTally(models.Model):
    """How many approved reports of a year of a college name a committee member. Every linked member has a row;
    readers keep the elders (elder_kind set), so that a member's elder kind can change without a refresh."""

    year = models.PositiveSmallIntegerField()
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    times = models.PositiveIntegerField(default=0)

    objects = school_manager("college__institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "college", "member"], name="elder_tally_cell")]

    def __str__(self):
        return f"{self.year} {self.college_id} {self.member_id}: {self.times}"


def report_export_path(instance, filename):
    return in_school_folder(instance, f"exports/reports/{uuid.uuid4().hex}.xlsx")


class ReportExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every export; anyone else only their own, and a secretary only within their college."""
        if reviews(access_for(user)):
            return self
        return scope_to_colleges(self.filter(requested_by_id=user.pk), user)


class ReportExport(BackgroundJob):
    """A report list download too large to build inside the request: the filter as it was validated and the
    scope of who asked, built in the background (activities/tasks.py)."""

    # A school-wide export has no college: the key is its only owner (its college's school when it has one).
    institution = InstitutionKey(related_name="report_exports")
    query = models.TextField(_("filter"), blank=True)
    # The colleges the export covers: the secretary's own college, or every college (empty) for whoever sees all.
    college = models.ForeignKey(
        College,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("field", "college"),
    )
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=report_export_path, blank=True, max_length=200)

    objects = school_manager("institution", ReportExportQuerySet)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("report list export")
        verbose_name_plural = _("report list exports")

    def __str__(self):
        return f"{self.requested_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("activities:export_job", args=[self.pk])

    @property
    def file_url(self) -> str:
        return reverse("activities:export_job_file", args=[self.pk])

    @property
    def filename(self) -> str:
        day = timezone.localtime(self.requested_at, timezone.get_default_timezone()).date()
        return pgettext_lazy("file name", "%(school)s-activity-reports-%(date)s.xlsx") % {
            "school": self.institution.short_name,
            "date": day.isoformat(),
        }
