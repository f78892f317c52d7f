"""What a talk, session or mentoring meeting needs so that an elder may log it: the college confirms it before it
counts (issue 24, item 8).

A record the college (or staff) logs is confirmed when it is written. One an elder logs on their own page waits
for the college's confirmation (a secretary or counsellor of the college, or staff); the college confirms it or
returns it with a reason, which the elder reads on their page and may answer by correcting and sending it again.
Only confirmed records count in the figures: every count of sessions or meetings asks `confirmed()` (or
`counted(relation)` through a relation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LogStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("care record", "Confirmed")
    PENDING = "pending", pgettext_lazy("care record", "Awaiting the college's confirmation")
    RETURNED = "returned", pgettext_lazy("care record", "Returned")


def counted(relation: str) -> Q:
    """The records of `relation` ("sessions", "meetings", "mentorships__meetings" …) that count in a figure."""
    return Q(**{f"{relation}__status": LogStatus.CONFIRMED})


class ElderLogQuerySet(models.QuerySet):
    def confirmed(self):
        """What counts in the figures: the college's own records and the elders' records it confirmed."""
        return self.filter(status=LogStatus.CONFIRMED)

    def pending(self):
        return self.filter(status=LogStatus.PENDING)


class ElderLog(models.Model):
    """The confirmation of a logged record: its status, the reason it was returned, who confirmed or returned it
    and when, and the version every confirmation, return and resend claims."""

    status = models.CharField(
        pgettext_lazy("care record", "confirmation"),
        max_length=10,
        choices=LogStatus.choices,
        default=LogStatus.CONFIRMED,
        db_index=True,
    )
    return_reason = models.CharField(_("reason for return"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(pgettext_lazy("care record", "confirmed or returned at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ElderLogQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == LogStatus.PENDING

    @property
    def is_returned(self) -> bool:
        return self.status == LogStatus.RETURNED
