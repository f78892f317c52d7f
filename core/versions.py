"""The version claim every write makes: `UPDATE … SET version = version + 1 WHERE pk = … AND version = n`.

A page posts the version of the row it showed; the write claims that version in the UPDATE that changes the
row, so of two people who act on the same page one wins and the other is told what happened, never silently
overwritten. Deletes claim too (claim, then delete, in one transaction)."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .errors import Refused


class StaleWrite(Refused):
    """Someone else changed (or removed) the row since the page was shown."""


class HistoryLine(models.Model):
    """The base of an app's history table: one line written with each claim — who did it, when, and why. The
    app's model adds the row it is about, the action, and the statuses from and to, with its own choices."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(pgettext_lazy("review comment", "comment"), blank=True)
    at = models.DateTimeField(pgettext_lazy("time of record", "at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


def claim(
    rows: QuerySet | type[Model], pk: int, expected_version: int, *, history: HistoryLine | None = None, **changes
) -> None:
    """Claim the row `pk` of `rows` (a model or a queryset narrowing the statuses it may be in) at the version
    the user was shown, applying `changes` in the same UPDATE, and write its `history` line (unsaved) once the
    claim holds; raise StaleWrite saying what happened if it does not."""
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    # In two steps, because a school's queryset reaches its school through a join (core.scoping), and Django writes
    # an UPDATE through a join as `WHERE id IN (SELECT …)`, whose version test PostgreSQL does not repeat for a writer
    # that waited on the row: two reviewers at once would both win. So: lock the row among those `rows` may change
    # (the school's, in the statuses allowed) at the version shown, then change it by its own key and version.
    with transaction.atomic():
        shown = queryset.select_for_update(of=("self",)).filter(pk=pk, version=expected_version)
        if not list(shown.values_list("pk", flat=True)):
            raise stale(queryset.model, pk)
        unchanged = queryset.model._base_manager.filter(pk=pk, version=expected_version)
        if not unchanged.update(version=F("version") + 1, **changes):
            raise stale(queryset.model, pk)
    if history is not None:
        history.save()


def stale(model: type[Model], pk: int) -> StaleWrite:
    """The refusal for a claim that failed: the row is gone, or someone else changed it (and its status now)."""
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return StaleWrite(_("This record no longer exists."))
    status = getattr(row, "get_status_display", None)
    if status is None:
        return StaleWrite(
            _(
                "Someone else changed this record a moment ago. Your change was not applied; the page shows the "
                "record as it is now."
            )
        )
    return StaleWrite(
        _(
            "Someone else changed this record a moment ago (it is now “%(status)s”). Your change was not applied; "
            "the page shows it as it is now."
        )
        % {"status": status()}
    )
