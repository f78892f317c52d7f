"""What the care board remembers of itself: each need's and pair's history, and every read of confidential
notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import College
from core.scoping import school_manager
from institutions.models import InstitutionKey

from .board import Need, Pair
from .mentoring import Mentorship


class CareAction(models.TextChoices):
    POST = "post", pgettext_lazy("history", "Posted")
    EDIT = "edit", pgettext_lazy("history", "Edited")
    PROPOSE = "propose", _("Match proposed")
    CONFIRM = "confirm", _("Match confirmed")
    CANCEL = "cancel", _("Match cancelled")
    CLOSE = "close", pgettext_lazy("history", "Closed")
    SESSION = "session", _("Session logged")
    PURGE = "purge", _("Notes purged")
    EVALUATE = "evaluate", pgettext_lazy("history", "Evaluated")
    ELDER_LOG = "elder_log", _("Logged by the elder, awaiting confirmation")
    LOG_CONFIRM = "log_confirm", _("Elder's record confirmed")
    LOG_RETURN = "log_return", _("Elder's record returned")
    LOG_RESEND = "log_resend", _("Elder's record corrected and sent again")


class CareEvent(models.Model):
    """One line of a need's (or a mentoring pair's) history: who did what, when."""

    # Its need's, pair's or mentorship's school (services.common.record_event): which of the three it tells about
    # varies, so none of them can carry the school.
    institution = InstitutionKey(related_name="care_events")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(pgettext_lazy("history", "action"), max_length=20, choices=CareAction.choices)
    comment = models.CharField(pgettext_lazy("review comment", "comment"), max_length=300, blank=True)
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    objects = school_manager("institution")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("care event")
        verbose_name_plural = _("care events")

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class SensitiveRead(models.Model):
    """Who read a sensitive need's confidential notes, and when. Staff see the log; nobody edits it."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="reads", verbose_name=pgettext_lazy("field", "need")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("field", "college")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    what = models.CharField(_("what was read"), max_length=40)
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True, db_index=True)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("read of confidential notes")
        verbose_name_plural = _("reads of confidential notes")

    def __str__(self):
        return f"{self.user} {self.need_id} {self.at:%Y-%m-%d %H:%M}"
