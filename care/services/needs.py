"""Posting and editing needs, reading their confidential notes (logged for a sensitive need), and the 阳光屋's
material help."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from colleges.access import access_for
from core.cache import figures_changed
from core.versions import claim

from ..access import care_authors, reads_notes
from ..models import CareAction, MaterialHelp, Need, NeedStatus, SensitiveRead
from .common import check_text, record_event, require

# What an edit of a need may change.
EDITABLE_FIELDS = [
    "category",
    "scope",
    "person_code",
    "group_size",
    "description",
    "urgency",
    "campus",
    "preferred_times",
    "notes",
]


def _check_need_text(need: Need) -> None:
    check_text(need.person_code, need.description, need.preferred_times, need.notes)


@transaction.atomic
def post_need(need: Need, user) -> Need:
    """Post a new need (`need` unsaved, its college and content set)."""
    require(care_authors(access_for(user), need.college_id), care_authors)
    _check_need_text(need)
    now = timezone.now()
    need.created_by, need.created_at = user, now
    need.year = timezone.localdate(now).year
    need.save()
    record_event(user, CareAction.POST, need=need)
    return need


@transaction.atomic
def update_need(need: Need, user, expected_version: int) -> Need:
    """Save an edited need (its new content set on `need`, not yet saved) while it is not closed."""
    require(care_authors(access_for(user), need.college_id), care_authors)
    _check_need_text(need)
    changes = {field: getattr(need, field) for field in EDITABLE_FIELDS}
    claim(Need.objects.exclude(status=NeedStatus.CLOSED), need.pk, expected_version, **changes)
    record_event(user, CareAction.EDIT, need=need)
    figures_changed()
    return Need.objects.select_related("college", "category").get(pk=need.pk)


def read_notes(need: Need, user, what: str = "need notes") -> str:
    """The need's confidential notes, for a reader allowed to see them; a sensitive need's read is logged."""
    require(reads_notes(access_for(user), need.college_id), reads_notes)
    if need.is_sensitive:
        SensitiveRead.objects.create(need=need, college_id=need.college_id, user=user, what=what)
    return need.notes


@transaction.atomic
def record_material_help(help_: MaterialHelp, user) -> MaterialHelp:
    require(care_authors(access_for(user), help_.college_id), care_authors)
    check_text(help_.what)
    help_.created_by = user
    help_.save()
    return help_
