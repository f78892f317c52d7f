"""The online 谈心屋 (issue 28, item 2): a student's thread with their college, reached without an account.

A thread is opened from the school's public site and read again with a private code, of which only a hash is kept.
Each thread is a need on its college's care board (care.Need, a sensitive category by default), whose confidential
notes hold the first message: whoever may read those notes (care.access.reads_notes) reads and answers the thread,
and every read is logged in care's read log. Messages follow the need's retention (talkroom.services.retention).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from care.models import Need
from colleges.models import College
from core.scoping import school_manager
from institutions.models import InstitutionKey

MESSAGE_MAX = 2000
CONTACT_MAX = 60


class TalkSettings(models.Model):
    """A school's switch of the 谈心屋, the colleges whose channel is closed, and the data staff keep for the
    self-harm notice: the words that raise it and the help lines it shows."""

    institution = InstitutionKey(related_name="talk_settings")
    open = models.BooleanField(_("the talk room takes new messages"), default=True)
    closed_colleges = models.ManyToManyField(
        College, blank=True, related_name="+", verbose_name=_("colleges whose talk room is closed")
    )
    closed_message = models.CharField(
        _("what a closed channel says"),
        max_length=300,
        blank=True,
        help_text=_("Shown instead of the form while the channel is closed."),
    )
    harm_words = models.TextField(
        _("words that speak of self-harm"),
        max_length=2000,
        blank=True,
        help_text=_(
            "One a line. A message with one of them shows the help lines at once and tells staff and the college."
        ),
    )
    help_lines = models.TextField(
        _("psychological help lines"),
        max_length=2000,
        blank=True,
        help_text=_("One a line: the line's name, then its number (e.g. 全国心理援助热线 12356)."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution"], name="one_talk_settings_per_school")]
        verbose_name = _("talk room settings")
        verbose_name_plural = _("talk room settings")

    def __str__(self):
        return str(_("talk room settings"))

    def words(self) -> list[str]:
        return [word.strip() for word in self.harm_words.splitlines() if word.strip()]

    def lines(self) -> list[str]:
        return [line.strip() for line in self.help_lines.splitlines() if line.strip()]


class Thread(models.Model):
    """A student's conversation with their college: found again only through its code's hash."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="talk_threads", verbose_name=pgettext_lazy("field", "college")
    )
    need = models.OneToOneField(
        Need, on_delete=models.PROTECT, related_name="talk_thread", verbose_name=pgettext_lazy("field", "need")
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    contact = models.CharField(
        _("how to reach the student"),
        max_length=CONTACT_MAX,
        blank=True,
        help_text=_("Their own phone, e-mail, QQ or WeChat, if they chose to leave one."),
    )
    elder_consent = models.BooleanField(_("agrees to talk with an elder"), default=False)
    speaks_of_harm = models.BooleanField(_("speaks of self-harm"), default=False)
    created_at = models.DateTimeField(pgettext_lazy("field", "posted at"))
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("talk room thread")
        verbose_name_plural = _("talk room threads")

    def __str__(self):
        return f"{self.college} · {self.pk}"


class Message(models.Model):
    """One message of a thread: the student's (no author) or the college's answer (its author)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(pgettext_lazy("field", "message"), max_length=MESSAGE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(pgettext_lazy("time of record", "at"))

    objects = school_manager("thread__college__institution")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("talk room message")
        verbose_name_plural = _("talk room messages")

    def __str__(self):
        return f"{self.thread_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def from_student(self) -> bool:
        return self.author_id is None
