"""The care board's figures: counts only, never a note or a code. Each is computed from a queryset already cut
down to what the reader may see (care.access.scope), in a fixed number of queries. Sessions and meetings count
only once confirmed (care.models.elder_logs): what an elder logged waits for the college."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from colleges.models import CommitteeMember
from core.cache import cached

from . import rules
from .models import (
    CareSession,
    MentorMeeting,
    Mentorship,
    Need,
    NeedStatus,
    Offer,
    Pair,
    PairStatus,
    Programme,
    ProgrammeKind,
)

STATUSES = [NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.CLOSED]


def needs_by_college_and_category(needs) -> list[dict]:
    """One row per college and category: needs open, matched and closed, with the keys the list filters by."""
    rows = (
        needs.order_by()
        .values(
            "college_id",
            "college__code",
            "college__name",
            "college__short_name",
            "college__order",
            "category_id",
            "category__name",
        )
        .annotate(
            open=Count("pk", filter=Q(status=NeedStatus.OPEN)),
            matched=Count("pk", filter=Q(status=NeedStatus.MATCHED)),
            closed=Count("pk", filter=Q(status=NeedStatus.CLOSED)),
        )
    )
    return sorted(rows, key=lambda r: (r["college__order"], r["college__code"], r["category__name"]))


def totals(needs) -> dict:
    return needs.order_by().aggregate(
        open=Count("pk", filter=Q(status=NeedStatus.OPEN)),
        matched=Count("pk", filter=Q(status=NeedStatus.MATCHED)),
        closed=Count("pk", filter=Q(status=NeedStatus.CLOSED)),
        all=Count("pk"),
    )


def median_days_to_match(needs) -> float | None:
    waits = [
        (matched - created).total_seconds() / 86400
        for created, matched in needs.exclude(matched_at=None).values_list("created_at", "matched_at")
    ]
    return rules.median_days(waits)


def engaged_in(year: int, prefix: str = "") -> Q:
    """An elder (an offer, or through `prefix` a committee member) took part in care or mentoring in the year:
    a pair confirmed or closed in it, or a mentoring pair in one of its programmes."""
    pairs = Q(**{f"{prefix}pairs__status__in": [PairStatus.ACTIVE, PairStatus.CLOSED]}) & (
        Q(**{f"{prefix}pairs__confirmed_at__year": year}) | Q(**{f"{prefix}pairs__closed_at__year": year})
    )
    return pairs | Q(**{f"{prefix}mentorships__programme__year": year})


def engaged_offers(year: int, college_id: int | None = None):
    """The ids of the offers of the committee elders `elders_engaged` counts as engaged in the year, of one
    college or of all: where the overview's figure links to."""
    offers = Offer.objects.filter(engaged_in(year), member__active=True).exclude(member__elder_kind="")
    if college_id is not None:
        offers = offers.filter(college_id=college_id)
    return offers.values("pk")


def elders_engaged(year: int, college_id: int | None = None) -> dict:
    """Of the committees' elders (members with a kind of elder), how many took part in care or mentoring this
    year; and of the teachers who retired this year, how many did."""
    elders = CommitteeMember.objects.filter(active=True).exclude(elder_kind="")
    if college_id is not None:
        elders = elders.filter(college_id=college_id)
    engaged = engaged_in(year, "care_offer__")
    counts = elders.aggregate(
        all=Count("pk", distinct=True),
        engaged=Count("pk", filter=engaged, distinct=True),
        new=Count("pk", filter=Q(retired_year=year), distinct=True),
        new_engaged=Count("pk", filter=engaged & Q(retired_year=year), distinct=True),
    )
    counts["share"] = rules.share(counts["engaged"], counts["all"])
    counts["new_share"] = rules.share(counts["new_engaged"], counts["new"])
    return counts


def programmes_by_kind(programmes) -> list[dict]:
    """Per programme kind: programmes, pairs, meetings and pairs evaluated."""
    ids = list(programmes.values_list("pk", flat=True))
    per = defaultdict(lambda: {"programmes": 0, "pairs": 0, "meetings": 0, "evaluated": 0})
    for kind, n in programmes.order_by().values_list("kind").annotate(n=Count("pk")):
        per[kind]["programmes"] = n
    pairs = Mentorship.objects.filter(programme__in=ids).order_by().values_list("programme__kind")
    for kind, n, evaluated in pairs.annotate(n=Count("pk"), e=Count("pk", filter=~Q(evaluated_at=None))):
        per[kind]["pairs"], per[kind]["evaluated"] = n, evaluated
    meetings = MentorMeeting.objects.confirmed().filter(mentorship__programme__in=ids).order_by()
    for kind, n in meetings.values_list("mentorship__programme__kind").annotate(n=Count("pk")):
        per[kind]["meetings"] = n
    return [{"kind": kind, "label": label, **per[kind]} for kind, label in ProgrammeKind.choices if kind in per]


def school_summary(year: int) -> dict:
    """The school's care figures of a year, cached: for the dashboard's hook (counts only)."""

    def compute():
        needs = Need.objects.filter(year=year)
        programmes = Programme.objects.filter(year=year)
        return {
            "year": year,
            "needs": totals(needs),
            "median_days": median_days_to_match(needs),
            "elders": elders_engaged(year),
            "programmes": programmes_by_kind(programmes),
        }

    return cached(f"care-summary-{year}", compute)


def month_counts(year: int, month: int) -> dict:
    """The care board's and mentoring's work of one month, counts only (the monthly bulletin): needs posted, pairs
    confirmed, care sessions and mentoring meetings held (the confirmed records)."""
    return {
        "needs": Need.objects.filter(created_at__year=year, created_at__month=month).count(),
        "pairs": Pair.objects.filter(confirmed_at__year=year, confirmed_at__month=month).count(),
        "sessions": CareSession.objects.confirmed().filter(held_on__year=year, held_on__month=month).count(),
        "meetings": MentorMeeting.objects.confirmed().filter(held_on__year=year, held_on__month=month).count(),
    }
