"""The resources menu (资源菜单): keeping the elders' offers and the accounts they may be linked to."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from colleges.access import access_for
from colleges.models import CommitteeMember
from core.versions import claim

from ..access import elder_accounts, keeps_offer
from ..models import Offer
from .common import CareError, check_text, require

# What an edit of an offer may change (its areas are set apart).
EDITABLE_FIELDS = [
    "member",
    "college",
    "outside_name",
    "outside_affiliation",
    "campus",
    "availability",
    "capacity",
    "active",
    "user",
]


def free_elder_accounts(offer: Offer | None = None) -> QuerySet:
    """The elders' accounts an offer may be linked to: those not linked to another offer yet."""
    taken = Offer.objects.exclude(user=None)
    if offer is not None and offer.pk:
        taken = taken.exclude(pk=offer.pk)
    return elder_accounts().exclude(pk__in=taken.values("user"))


@transaction.atomic
def save_offer(offer: Offer, user, areas, expected_version: int | None = None) -> Offer:
    """Create (no pk) or update an offer; a member's offer belongs to the member's college."""
    if offer.member_id:
        offer.college_id = CommitteeMember.objects.values_list("college_id", flat=True).get(pk=offer.member_id)
        offer.outside_name = ""
        offer.outside_affiliation = ""
    require(keeps_offer(access_for(user), offer.college_id), keeps_offer)
    check_text(offer.outside_name, offer.outside_affiliation, offer.availability)
    if offer.pk is None:
        try:
            with transaction.atomic():
                offer.save()
        except IntegrityError:
            raise CareError(_("This member already has an offer; edit it instead.")) from None
    else:
        try:
            with transaction.atomic():
                claim(Offer, offer.pk, expected_version, **{f: getattr(offer, f) for f in EDITABLE_FIELDS})
        except IntegrityError:
            raise CareError(_("This member or account already has an offer.")) from None
    offer.areas.set(areas)
    return Offer.objects.get(pk=offer.pk)
