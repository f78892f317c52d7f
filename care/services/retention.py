"""Retention: the confidential notes of needs closed long enough ago are blanked, the rows (so the counts) kept."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import DEFAULT_RETENTION_YEARS, CareAction, CareEvent, CareSession, CareYear, Need, NeedStatus


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def purge_expired_notes(now: datetime.datetime | None = None) -> int:
    """Blank the notes of needs closed longer ago than their year's retention period (and their sessions' notes
    and follow-ups), keeping every row, so that the counts stay. Returns how many needs were purged."""
    now = now or timezone.now()
    # Each school keeps its own retention per year.
    retention = {
        (school, year): years
        for school, year, years in CareYear.objects.values_list("institution_id", "year", "retention_years")
    }
    candidates = Need.objects.filter(status=NeedStatus.CLOSED, notes_purged_at=None).values_list(
        "pk", "year", "closed_at", "college__institution_id"
    )
    due = [
        (pk, school_id)
        for pk, year, closed_at, school_id in candidates
        if closed_at and closed_at <= _years_before(now, retention.get((school_id, year), DEFAULT_RETENTION_YEARS))
    ]
    purged = 0
    for start in range(0, len(due), 500):
        schools = dict(due[start : start + 500])
        chunk = list(schools)
        with transaction.atomic():
            purged += Need.objects.filter(pk__in=chunk, notes_purged_at=None).update(
                notes="", notes_purged_at=now, version=F("version") + 1
            )
            CareSession.objects.filter(pair__need__in=chunk).update(note="", follow_up="")
            CareEvent.objects.bulk_create(
                [
                    CareEvent(institution_id=schools[pk], need_id=pk, action=CareAction.PURGE, actor=None)
                    for pk in chunk
                ]
            )
    return purged
