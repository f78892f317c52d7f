"""Matching: the elders suggested for a need, the proposed pair, its confirmation, cancellation and close, and
the sessions of an active pair."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.cache import figures_changed
from core.text import chinese_date
from core.versions import claim, stale
from notifications.services import notify

from .. import rules
from ..access import care_authors, pair_contacts
from ..models import CareAction, CareSession, Need, NeedStatus, Offer, Pair
from ..workflow import CANCEL, CLOSE, CONFIRM, LIVE_PAIR_STATUSES, NEED_AFTER, WORKFLOW, can_log_session
from .common import CareError, check_text, record_event, require

EVENT_OF = {CONFIRM: CareAction.CONFIRM, CANCEL: CareAction.CANCEL, CLOSE: CareAction.CLOSE}


def offers_with_load():
    """Offers with their current load: live care pairs and this year's mentoring pairs."""
    year = timezone.localdate().year
    return Offer.objects.select_related("member", "college").annotate(
        pair_load=Count("pairs", filter=Q(pairs__status__in=LIVE_PAIR_STATUSES), distinct=True),
        mentoring_load=Count("mentorships", filter=Q(mentorships__programme__year=year), distinct=True),
    )


def suggestions(need: Need, limit: int = 10) -> list[rules.Suggestion]:
    offers = offers_with_load().filter(active=True, areas=need.category_id).prefetch_related("areas")
    facts = [
        rules.OfferFacts(
            pk=o.pk,
            name=o.name,
            area_ids=frozenset(a.pk for a in o.areas.all()),
            campus=o.campus,
            college_id=o.college_id,
            capacity=o.capacity,
            load=o.pair_load + o.mentoring_load,
        )
        for o in offers
    ]
    return rules.rank(rules.NeedFacts(need.category_id, need.campus, need.college_id), facts, limit)


@transaction.atomic
def propose(need: Need, offer: Offer, user, expected_version: int) -> Pair:
    """Propose a pair for an open need with the elder chosen (from the suggestions, or any active offer)."""
    require(care_authors(access_for(user), need.college_id), care_authors)
    if not offer.active:
        raise CareError(_("This elder is not offering help at the moment."))
    claim(Need.objects.filter(status=NeedStatus.OPEN), need.pk, expected_version)
    if Need.objects.filter(pk=need.pk, elder_consent=False).exists():  # read after the claim: the row as it is
        raise CareError(_("The student did not agree to talk with an elder: this need is not matched with one."))
    ranked = {s.offer_id: s for s in suggestions(need, limit=1000)}
    reason = ranked[offer.pk].reason_text if offer.pk in ranked else _("chosen by hand")
    try:
        with transaction.atomic():
            pair = Pair.objects.create(
                need=need, offer=offer, reason=reason, proposed_by=user, proposed_at=timezone.now()
            )
    except IntegrityError:
        raise CareError(_("This need already has a proposed or active pair.")) from None
    record_event(user, CareAction.PROPOSE, need=need, pair=pair, comment=offer.name)
    return pair


@transaction.atomic
def transition_pair(pair: Pair, user, action: str, expected_version: int, *, outcome: str = "", feedback: str = ""):
    """Confirm, cancel or close a pair, moving its need with it; a close needs an outcome."""
    access = access_for(user)
    pair = Pair.objects.select_related("need__college", "need__category", "offer__college", "offer__member").get(
        pk=pair.pk
    )
    need = pair.need
    WORKFLOW.require_role(action, access, need.college_id)
    sources = WORKFLOW[action].sources
    # Said before the outcome is asked for: a page shown before someone else acted gets the news first.
    if pair.version != expected_version or pair.status not in sources:
        raise stale(Pair, pair.pk)
    if action == CLOSE:
        if not outcome:
            raise CareError(_("Please give the outcome of the pair."))
        check_text(feedback)
    now = timezone.now()
    changes = {"status": WORKFLOW.target(action)}
    if action == CONFIRM:
        changes["confirmed_at"] = now
    elif action == CLOSE:
        changes.update(closed_at=now, outcome=outcome)
    claim(Pair.objects.filter(status__in=sources), pair.pk, expected_version, **changes)
    need_changes = {"status": NEED_AFTER[action], "version": F("version") + 1}
    if action == CONFIRM:
        need_changes["matched_at"] = now
    elif action == CANCEL:
        need_changes["matched_at"] = None
    elif action == CLOSE:
        need_changes.update(closed_at=now, feedback=feedback.strip())
    Need.objects.filter(pk=need.pk).update(**need_changes)
    record_event(user, EVENT_OF[action], need=need, pair=pair, comment=pair.offer.name)
    figures_changed()  # written through update(), which sends no signal
    if action == CONFIRM:
        _tell_of_confirmed_pair(pair)
    return Pair.objects.select_related("need__college", "need__category", "offer").get(pk=pair.pk)


def _tell_of_confirmed_pair(pair: Pair) -> None:
    """The elder's college contact (committee staff for a comrade from outside) and the elder, if they have an
    account, hear of a confirmed pair — by the need's code, never its notes."""
    offer, need = pair.offer, pair.need
    title = _("A care pair was confirmed: %(elder)s and %(need)s (%(college)s)") % {
        "elder": offer.name,
        "need": need.label,
        "college": need.college.short_name,
    }
    facts = [
        (pgettext("field", "College"), need.college.name),
        (pgettext("field", "Elder"), offer.name),
        (pgettext("care need", "Need"), f"{need.label}（{need.category}）"),
        (pgettext("field", "Confirmed on"), chinese_date(timezone.localdate())),
    ]
    notify(pair_contacts(offer), title, "", pair.get_absolute_url(), facts=facts)
    if offer.user_id:
        notify([offer.user], title, _("See your pairs in the portal."), reverse("care:mine"), facts=facts)


@transaction.atomic
def log_session(session: CareSession, user) -> CareSession:
    pair = session.pair
    if not can_log_session(pair.status, access_for(user), pair.need.college_id):
        raise CareError(_("Sessions are logged for an active pair, by its college or committee staff."))
    check_text(session.note, session.follow_up)
    session.created_by = user
    session.save()
    Pair.objects.filter(pk=pair.pk).update(version=F("version") + 1)
    record_event(user, CareAction.SESSION, need=pair.need, pair=pair, comment=session.get_kind_display())
    return session
