"""What the portal tells people, and how it reaches them.

A Notification is written in the same transaction as the event it reports, so it exists whenever the event
does — whatever Redis or the workers are doing. Its e-mail waits in the outbox (`Email`) until a worker claims
and sends it; a periodic sweep sends whatever is still waiting, so an e-mail goes out once the broker and a
worker are back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import current_school_id, school_manager
from institutions.models import InstitutionKey, UniqueWithinSchool


class NoticeKind(models.TextChoices):
    """What a notification is about: each person chooses per kind how e-mail tells them (the portal always does)."""

    REPORTS = "reports", _("My activity reports reviewed")
    ASSESSMENT = "assessment", _("Assessments and their results")
    REMINDERS = "reminders", _("Reminders and deadlines")
    DIGESTS = "digests", _("Daily and weekly summaries")
    NOTICES = "notices", _("Notices and other news")


class EmailChoice(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DIGEST = "digest", _("In one e-mail a day")
    NEVER = "never", _("No e-mail (in the portal only)")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=pgettext_lazy("field", "user"),
    )
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("field", "text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    kind = models.CharField(
        pgettext_lazy("field", "kind"), max_length=12, choices=NoticeKind.choices, default=NoticeKind.NOTICES
    )
    # Waits for the person's daily e-mail (they chose EmailChoice.DIGEST for its kind); cleared when it is sent.
    in_next_digest = models.BooleanField(default=False)
    # A periodic reminder has a key per person and period, so a job that runs twice notifies once.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    read_at = models.DateTimeField(pgettext_lazy("field", "read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["in_next_digest"], condition=models.Q(in_next_digest=True), name="waiting_digest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="one_notification_per_key"
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title


class EmailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", pgettext_lazy("status", "Failed")


class Email(models.Model):
    """One e-mail in the outbox."""

    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="email"
    )
    to = models.EmailField(pgettext_lazy("e-mail recipient", "to"))
    # The school whose outbox lists it (issue 27): the scope's it was written in, or its recipient's for a digest.
    # None for the installation's own mail; the outbox is the installation's, so this is a plain nullable key.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=pgettext_lazy("field", "school"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(pgettext_lazy("field", "text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    state = models.CharField(
        pgettext_lazy("field", "state"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("field", "attempts"), default=0)
    # What went wrong, said to people (notifications.problems); the code's own words are for administrators.
    last_error = models.TextField(_("last error"), blank=True)
    error_detail = models.TextField(_("technical details"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # After a transient failure, not before this time (the wait doubles with each attempt).
    retry_after = models.DateTimeField(_("retry after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.institution_id is None:
            self.institution_id = current_school_id()
        super().save(*args, **kwargs)


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk custom robot (钉钉)")


class GroupWebhook(UniqueWithinSchool, models.Model):
    """A chat group's robot that hears a college's events (or, without a college, the committee office's).

    Its address and signing secret let anyone post into the group: they are stored encrypted
    (notifications/secrets.py), never shown again after saving and never logged.
    """

    institution = InstitutionKey(related_name="group_webhooks")
    college = models.ForeignKey(
        "colleges.College",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_webhooks",
        verbose_name=pgettext_lazy("field", "college"),
    )
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    encrypted_url = models.TextField()
    encrypted_secret = models.TextField(blank=True)
    # The address's host and the end of its key, so that staff recognise it without seeing it.
    hint = models.CharField(_("address"), max_length=120)
    active = models.BooleanField(pgettext_lazy("robot enabled", "active"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(pgettext_lazy("field", "updated at"), auto_now=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["college__order", "college__name"]
        constraints = [
            models.UniqueConstraint(fields=["college", "platform"], name="one_group_robot_per_platform"),
            # Each school's committee office has its own robots (issue 27): one per platform and school.
            models.UniqueConstraint(
                fields=["institution", "platform"],
                condition=models.Q(college__isnull=True),
                name="one_office_robot_per_platform",
            ),
        ]
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")

    def __str__(self):
        return f"{self.college or pgettext_lazy('field', 'Committee office')} · {self.get_platform_display()}"


class GroupMessage(models.Model):
    """One message in the outbox for a chat group; delivered like an e-mail (claimed, retried, never twice)."""

    webhook = models.ForeignKey(GroupWebhook, on_delete=models.CASCADE, related_name="messages")
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    text = models.TextField(pgettext_lazy("field", "text"))
    # An event is posted once per group, however often the code that reports it runs.
    dedupe_key = models.CharField(max_length=120, blank=True)
    state = models.CharField(
        pgettext_lazy("field", "state"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("field", "attempts"), default=0)
    # What went wrong, said to people (notifications.problems); the code's own words are for administrators.
    last_error = models.TextField(_("last error"), blank=True)
    error_detail = models.TextField(_("technical details"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("field", "created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # After a transient failure, not before this time (the wait doubles with each attempt).
    retry_after = models.DateTimeField(_("retry after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = school_manager("webhook__institution")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="one_group_message_per_key"
            )
        ]
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")

    def __str__(self):
        return self.title


class EmailPreference(models.Model):
    """How a person wants to be e-mailed about one kind of notification; without a row: at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(pgettext_lazy("field", "kind"), max_length=12, choices=NoticeKind.choices)
    choice = models.CharField(_("e-mail"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.NOW)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.get_choice_display()}"


class ContactDetails(models.Model):
    """What a person keeps about themselves beyond the user row: their mobile number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact")
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return f"{self.user} · {self.masked_mobile}"

    @property
    def masked_mobile(self) -> str:
        return f"{self.mobile[:3]}****{self.mobile[-4:]}" if len(self.mobile) == 11 else ""


class TaskFailure(models.Model):
    """A background task that failed for good (after its retries), for staff to see and act on."""

    task = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    arguments = models.TextField(_("arguments"), blank=True)
    error = models.TextField(pgettext_lazy("field", "error"))
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("background failure")
        verbose_name_plural = _("background failures")

    def __str__(self):
        return f"{self.task}: {self.error[:60]}"

    @property
    def summary(self) -> str:
        """What staff read; the task's name and its error are the administrators' technical details."""
        return str(
            _(
                "A background task stopped after all its retries. If someone asked for a file, they can ask for it "
                "again; if this keeps happening, ask the administrator to read the technical details."
            )
        )
