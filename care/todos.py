"""What waits for a person on the care board (core.todos).

- Whoever writes for a college's care work (staff for every college, its secretary and counsellors for their own):
  the proposed pairs to confirm or cancel, and the open needs no elder is paired with yet (urgent if one of them
  is marked urgent).
- An elder: their pairs the college proposed (it confirms them), and their active pairs, whose talks they log.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.keyset import bounded_counts
from core.todos import LISTED, Todo, TodoItem

from . import access as care_access
from .models import Need, NeedStatus, Pair, PairStatus, Urgency
from .workflow import LIVE_PAIR_STATUSES


def home_todos(user, today: datetime.date) -> list[Todo]:
    access = access_for(user)
    if care_access.may_post(access):
        return college_todos(user)
    if care_access.is_elder(access):
        return elder_todos(user)
    return []


def college_todos(user) -> list[Todo]:
    proposed = care_access.scope(Pair.objects.filter(status=PairStatus.PROPOSED), user, "need__college")
    live_pair = Pair.objects.filter(need=OuterRef("pk"), status__in=LIVE_PAIR_STATUSES)
    unmatched = care_access.scope(Need.objects.filter(status=NeedStatus.OPEN).filter(~Exists(live_pair)), user)
    counts = bounded_counts(proposed=proposed, unmatched=unmatched, urgent=unmatched.filter(urgency=Urgency.HIGH))
    todos = []
    if counts["proposed"]:
        rows = proposed.select_related("offer__member", "need").order_by("proposed_at", "pk")[:LISTED]
        todos.append(
            Todo(
                "care.confirm_pairs",
                _("Proposed pairs to confirm"),
                counts["proposed"],
                f"{reverse('care:needs')}?status={NeedStatus.OPEN}",
                items=tuple(TodoItem(str(pair), pair.get_absolute_url()) for pair in rows),
            )
        )
    todos.append(
        Todo(
            "care.match_needs",
            _("Needs waiting for an elder"),
            counts["unmatched"],
            f"{reverse('care:needs')}?status={NeedStatus.OPEN}",
            note=_("%(n)s urgent") % {"n": counts["urgent"]} if counts["urgent"] else "",
            urgent=bool(counts["urgent"]),
        )
    )
    return todos


def elder_todos(user) -> list[Todo]:
    pairs = Pair.objects.filter(offer__user=user)
    counts = bounded_counts(
        proposed=pairs.filter(status=PairStatus.PROPOSED), active=pairs.filter(status=PairStatus.ACTIVE)
    )
    mine = reverse("care:mine")
    return [
        Todo("care.my_active_pairs", _("Your active pairs"), counts["active"], mine),
        Todo(
            "care.my_proposed_pairs",
            _("New pairs proposed to you"),
            counts["proposed"],
            mine,
            note=_("Your college confirms them with you."),
        ),
    ]
