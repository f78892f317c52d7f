"""Publicity (网上关工委) and the year's archive: news items made from approved reports, public notices, the lecturer
group's talks, year-end award nominations, and the built archives of a year.

Nothing here reaches the public site unless it is published: a news item in the published state (and only its
photos whose subjects consented, from a report that is still approved), a published notice, a published talk,
an approved nomination.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Evidence
from colleges.models import College
from core.jobs import ACTIVE_STATES, BackgroundJob, JobState
from core.scoping import school_manager
from core.versions import HistoryLine
from institutions.files import in_school_folder
from institutions.models import InstitutionKey


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    RETURNED = "returned", pgettext_lazy("status", "Returned")
    PUBLISHED = "published", pgettext_lazy("status", "Published")


class NewsAction(models.TextChoices):
    CREATE = "create", pgettext_lazy("history", "Created")
    EDIT = "edit", pgettext_lazy("history", "Edited")
    SUBMIT = "submit", pgettext_lazy("history", "Submitted")
    PUBLISH = "publish", pgettext_lazy("history", "Published")
    RETURN = "return", pgettext_lazy("history", "Returned")
    RETRACT = "retract", _("Taken off the public site")


class NewsItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NewsStatus.PUBLISHED)


class NewsItem(models.Model):
    """A news item a college's correspondent wrote from one approved activity report."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="news", verbose_name=pgettext_lazy("field", "college")
    )
    # A report is deleted only as a draft (after a reopen, a resubmission and a withdrawal): its news goes with it.
    report = models.ForeignKey(
        "activities.ActivityReport",
        on_delete=models.CASCADE,
        related_name="news",
        verbose_name=pgettext_lazy("field", "activity report"),
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=120)
    text = models.TextField(pgettext_lazy("field", "text"), max_length=20_000)
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("field", "updated at"), auto_now=True)
    published_at = models.DateTimeField(pgettext_lazy("field", "published at"), null=True, blank=True)

    objects = school_manager("college__institution", NewsItemQuerySet)

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_published_newest")]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:news_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("public:news_detail", args=[self.pk])


class NewsPhoto(models.Model):
    """A photo of the news item's report chosen for it, and whether the people in it consented to publication.

    The consent is recorded here, per chosen photo, by whoever chose it; a photo without it never leaves the portal.
    """

    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="photos")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="news_photos")
    consented = models.BooleanField(_("the people in it consented to publication"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    objects = school_manager("news__college__institution")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["news", "evidence"], name="one_choice_per_photo")]
        verbose_name = _("news photo")
        verbose_name_plural = _("news photos")

    def __str__(self):
        return f"{self.news_id}:{self.evidence_id}"


class NewsEvent(HistoryLine):
    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=NewsAction.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=20, choices=NewsStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=20, choices=NewsStatus.choices, blank=True
    )

    objects = school_manager("news__college__institution")

    class Meta(HistoryLine.Meta):
        verbose_name = _("news event")
        verbose_name_plural = _("news events")

    def __str__(self):
        return f"{self.news_id} {self.action}"


class PublicNotice(models.Model):
    """A notice staff publish on the public site: written here, or a committee notice marked public."""

    institution = InstitutionKey(related_name="public_notices")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=120)
    text = models.TextField(pgettext_lazy("field", "text"), max_length=20_000)
    published = models.BooleanField(pgettext_lazy("status", "published"), default=False)
    published_at = models.DateTimeField(pgettext_lazy("field", "published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    # A committee notice that staff marked public is shown here, kept in step with it (services.mirror_notice).
    source_notice = models.OneToOneField(
        "committee.Notice", on_delete=models.CASCADE, null=True, blank=True, editable=False, related_name="+"
    )

    objects = school_manager("institution")

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self):
        return self.title

    def get_public_url(self):
        return reverse("public:notice_detail", args=[self.pk])


class Talk(models.Model):
    """A talk of the lecturer group (宣讲团): who spoke, where, to whom, about what."""

    institution = InstitutionKey(related_name="talks")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=120)
    speaker = models.CharField(_("speaker"), max_length=60)
    given_on = models.DateField(pgettext_lazy("field", "date"))
    place = models.CharField(pgettext_lazy("field", "place"), max_length=120)
    audience = models.CharField(_("audience"), max_length=120, blank=True)
    summary = models.TextField(pgettext_lazy("field", "summary"), max_length=5000, blank=True)
    college = models.ForeignKey(
        College,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=pgettext_lazy("field", "college"),
    )
    published = models.BooleanField(_("shown on the public site"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("lecturer group talk")
        verbose_name_plural = _("lecturer group talks")

    def __str__(self):
        return self.title


class AwardKind(models.TextChoices):
    COLLECTIVE = "collective", _("Outstanding collective")
    INDIVIDUAL = "individual", _("Outstanding individual")


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Nominated")
    APPROVED = "approved", pgettext_lazy("status", "Approved")
    DECLINED = "declined", _("Declined")


class Nomination(models.Model):
    """A year-end nomination (先进集体 / 先进个人) and the committee's decision on it."""

    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"), db_index=True)
    kind = models.CharField(_("award"), max_length=20, choices=AwardKind.choices)
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="nominations", verbose_name=pgettext_lazy("field", "college")
    )
    nominee = models.CharField(
        _("nominee"), max_length=60, blank=True, help_text=_("The person's name; leave empty for the college itself.")
    )
    reasons = models.TextField(_("reasons for the nomination"), max_length=5000)
    status = models.CharField(
        _("committee decision"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.PROPOSED
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["year", "kind", "college", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="collective") | ~models.Q(nominee=""), name="individual_nominee_named"
            )
        ]
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}：{self.display_name}"

    def get_absolute_url(self):
        return reverse("publicity:nominations", args=[self.year])

    @property
    def display_name(self) -> str:
        return f"{self.nominee}（{self.college.short_name}）" if self.nominee else self.college.name


# The states and staleness of every background build live in the core (core/jobs.py).
ArchiveState = JobState
ACTIVE_ARCHIVE_STATES = ACTIVE_STATES


def archive_path(instance, filename):
    return in_school_folder(instance, f"archives/{instance.year}/{uuid.uuid4().hex}.zip")


class YearArchive(BackgroundJob):
    """One build of a year's archive (档案): a zip with a manifest of SHA-256 checksums."""

    institution = InstitutionKey(related_name="year_archives")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    file = models.FileField(pgettext_lazy("field", "file"), upload_to=archive_path, blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the zip"), max_length=64, blank=True)
    file_count = models.PositiveIntegerField(_("files"), default=0)

    objects = school_manager("institution")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                condition=models.Q(state__in=ACTIVE_ARCHIVE_STATES),
                name="one_active_archive_build_per_school",
            )
        ]
        verbose_name = _("year archive")
        verbose_name_plural = _("year archives")

    def __str__(self):
        return f"{self.year} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("publicity:archive_file", args=[self.pk])

    @property
    def filename(self) -> str:
        return _("%(school)s-gkw-archive-%(year)s.zip") % {"school": self.institution.short_name, "year": self.year}
