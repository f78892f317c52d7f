"""Region meetings and activities with their attendance, and the exchange board (posts, files, comments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.models import Institution

from .schools import Region, RegionFile


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Work meeting")
    ACTIVITY = "activity", _("Activity")


class Meeting(models.Model):
    """A region work meeting or activity, hosted by a member school."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="meetings", verbose_name=pgettext_lazy("field", "region")
    )
    kind = models.CharField(
        pgettext_lazy("field", "kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MEETING
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(pgettext_lazy("field", "place"), max_length=120, blank=True)
    host = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="hosted_meetings", verbose_name=_("host school")
    )
    agenda = models.TextField(pgettext_lazy("field", "agenda"), blank=True, max_length=5000)
    minutes = models.TextField(pgettext_lazy("meeting minutes", "minutes"), blank=True, max_length=20000)
    decisions = models.TextField(pgettext_lazy("field", "decisions"), blank=True, max_length=5000)
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
    attended = models.BooleanField(pgettext_lazy("meeting attendance", "attended"), default=False)
    attendees = models.CharField(pgettext_lazy("field", "attendees"), max_length=200, blank=True)

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
        verbose_name = pgettext_lazy("field", "meeting attachment")
        verbose_name_plural = pgettext_lazy("field", "meeting attachments")

    def get_absolute_url(self):
        return reverse("region:meeting_file", args=[self.meeting_id, self.pk])


class Post(models.Model):
    """A post on the region's exchange board (信息交流平台)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="posts", verbose_name=pgettext_lazy("field", "region")
    )
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=120)
    body = models.TextField(pgettext_lazy("field", "text"), max_length=5000)
    pinned = models.BooleanField(_("pinned"), default=False)
    removed = models.BooleanField(_("removed"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("field", "posted at"), default=timezone.now)

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
    body = models.TextField(pgettext_lazy("board comment", "comment"), max_length=2000)
    created_at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("board comment", "comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.post} · {self.author}"
