"""The care board's rules as plain functions: how elders are ranked for a need, and the median wait. No database
here. (What text may not hold is core.identity's rule, shared with every app that holds personal notes.)"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NeedFacts:
    category_id: int
    campus: str
    college_id: int


@dataclass(frozen=True)
class OfferFacts:
    pk: int
    name: str
    area_ids: frozenset[int]
    campus: str
    college_id: int | None
    capacity: int
    load: int  # live pairs and mentoring pairs now


@dataclass
class Suggestion:
    offer_id: int
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def rank(need: NeedFacts, offers: list[OfferFacts], limit: int = 10) -> list[Suggestion]:
    """Elders for a need, best first, with the reasons in words. An elder without room left or without the need's
    area is not suggested. Area first, then the same campus, then room left, then the lightest load, then the
    need's own college."""
    found = []
    for offer in offers:
        room = offer.capacity - offer.load
        if room <= 0 or need.category_id not in offer.area_ids:
            continue
        score, reasons = 100, [_("offers help in this area")]
        if need.campus and offer.campus == need.campus:
            score += 30
            reasons.append(_("same campus"))
        elif need.campus and offer.campus:
            reasons.append(_("other campus"))
        score += min(room, 5) * 5
        reasons.append(_("room for %(room)d more") % {"room": room})
        score -= offer.load * 3
        reasons.append(
            _("no one in their care now")
            if offer.load == 0
            else _("%(load)d in their care now") % {"load": offer.load}
        )
        if offer.college_id == need.college_id:
            score += 10
            reasons.append(_("member of the college's own committee"))
        found.append(Suggestion(offer.pk, offer.name, score, reasons))
    found.sort(key=lambda s: (-s.score, s.name, s.offer_id))
    return found[:limit]


def median_days(waits: list[float]) -> float | None:
    """The median of the waits in days, to one decimal; None without any."""
    if not waits:
        return None
    return round(statistics.median(waits), 1)


def share(part: int, whole: int) -> int | None:
    """A whole percentage, or None when there is nothing to share."""
    return round(part * 100 / whole) if whole else None
