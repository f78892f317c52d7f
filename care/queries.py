"""What the care pages list, read from the database: each list starts from the rows the reader may see
(care.access) and loads what its page shows in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from . import access as care_access
from . import figures, services
from .models import CareSession, MaterialHelp, MentorMeeting, MonthlyCareReport, Need, Offer, Programme, counted
from .workflow import LIVE_PAIR_STATUSES


def needs_list(user) -> QuerySet[Need]:
    """The needs menu: newest first, with how many live pairs each has."""
    needs = care_access.scope(Need.objects.select_related("college", "category"), user)
    return needs.annotate(live_pairs=Count("pairs", filter=Q(pairs__status__in=LIVE_PAIR_STATUSES))).order_by(
        "-created_at", "-pk"
    )


def has_live_pair(need: Need) -> bool:
    return need.pairs.filter(status__in=LIVE_PAIR_STATUSES).exists()


def need_pairs(need: Need) -> QuerySet:
    return need.pairs.select_related("offer__member").annotate(
        session_count=Count("sessions", filter=counted("sessions"))
    )


def need_sessions(need: Need) -> QuerySet[CareSession]:
    """Every session of the need's pairs, with the elder: shown beside its confidential notes."""
    return CareSession.objects.filter(pair__need=need).select_related("pair__offer__member")


def resources_menu(
    user, *, college_id: int | None = None, engaged_year: int | None = None, engaged_college_id: int | None = None
) -> QuerySet[Offer]:
    """The resources menu with each elder's load: of one college if asked; with a year, only the committee
    elders the overview counts as engaged in it (of `engaged_college_id`, or of every college)."""
    offers = services.offers_with_load().prefetch_related("areas").order_by("college__order", "pk")
    if college_id:
        offers = offers.filter(college_id=college_id)
    if engaged_year:
        offers = offers.filter(pk__in=figures.engaged_offers(engaged_year, engaged_college_id))
    return care_access.scope_offers(offers, user)


def material_list(user) -> QuerySet[MaterialHelp]:
    return care_access.scope(MaterialHelp.objects.select_related("college"), user)


def material_totals(rows: QuerySet[MaterialHelp]) -> dict:
    return rows.aggregate(people=Sum("people"), value=Sum("value"))


def months_filed(college) -> QuerySet[MonthlyCareReport]:
    """The college's months filed as reports, with their photos and whether each is linked as evidence yet."""
    filed = MonthlyCareReport.objects.filter(college=college).select_related("report", "college")
    return filed.prefetch_related("report__indicator_scores", "report__evidence")


def programmes_list(user) -> QuerySet[Programme]:
    """The programmes the reader sees, with their pairs and meetings counted."""
    programmes = care_access.scope_programmes(Programme.objects.select_related("college"), user)
    return programmes.annotate(
        pair_count=Count("mentorships", distinct=True),
        meeting_count=Count("mentorships__meetings", filter=counted("mentorships__meetings")),
    )


def programme_mentorships(programme: Programme) -> QuerySet:
    return programme.mentorships.select_related("offer__member").annotate(
        meeting_count=Count("meetings", filter=counted("meetings")),
        meeting_minutes=Sum("meetings__minutes", filter=counted("meetings")),
    )


def pending_logs(user) -> dict:
    """What elders logged that waits for the confirmation of the reader's colleges (every college's for staff and
    the office), oldest first: sessions with their need and elder, meetings with their programme and elder."""
    sessions = CareSession.objects.pending().select_related(
        "pair__need__category", "pair__need__college", "pair__offer__member", "created_by"
    )
    meetings = MentorMeeting.objects.pending().select_related(
        "mentorship__programme__college", "mentorship__offer__member", "created_by"
    )
    return {
        "sessions": care_access.scope(sessions, user, "pair__need__college").order_by("created_at", "pk"),
        "meetings": care_access.scope(meetings, user, "mentorship__programme__college").order_by("held_on", "pk"),
    }


def pending_logs_count(user) -> int:
    """How many of the elders' records wait for the reader's confirmation (two counts): for their home and the
    care overview."""
    access = care_access.access_for(user)
    if not care_access.confirms_logs(access, access.college_id):
        return 0
    waiting = pending_logs(user)
    return waiting["sessions"].count() + waiting["meetings"].count()


def elder_page(user) -> dict:
    """An elder's own page: their offer, their pairs (but cancelled ones) with sessions, their mentoring pairs
    with meetings, and how many of their records the college returned; nothing of anyone else's."""
    offer = Offer.objects.filter(user=user).first()
    if offer is None:
        return {"offer": None, "pairs": [], "mentorships": [], "returned": 0}
    pairs = list(
        offer.pairs.exclude(status="cancelled")
        .select_related("need__category", "need__college")
        .prefetch_related(Prefetch("sessions", queryset=CareSession.objects.order_by("-held_on", "-pk")))
    )
    mentorships = list(
        offer.mentorships.select_related("programme").prefetch_related(
            Prefetch("meetings", queryset=MentorMeeting.objects.order_by("-held_on", "-pk"))
        )
    )
    records = [r for p in pairs for r in p.sessions.all()] + [r for m in mentorships for r in m.meetings.all()]
    return {
        "offer": offer,
        "pairs": pairs,
        "mentorships": mentorships,
        "returned": sum(1 for record in records if record.is_returned),
    }
