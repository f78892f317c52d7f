"""What every committee write shares: its refusal, its trace, the people it tells and the files it may hold."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from core.uploads import CheckedFile
from institutions.tenancy import school_id_of

from ..models import Event
from ..workflow import CommitteeError

MAX_FILES = 20  # on a notice, a meeting, a reply or a self-report


def record_event(row, actor, action: str, comment: str = "") -> None:
    """A line of `row`'s history, in its school (found along its keys: a receipt's is its notice's)."""
    Event.objects.create(
        institution_id=school_id_of(row),
        subject=type(row).__name__.lower(),
        object_id=row.pk,
        action=action,
        actor=actor,
        comment=comment,
    )


def check_file_count(current: int, adding: int) -> None:
    if current + adding > MAX_FILES:
        raise CommitteeError(_("At most %(max)d files may be attached; remove some first.") % {"max": MAX_FILES})


def store_files(writer, locked, user, files: list[CheckedFile], existing: int, new_file) -> None:
    """Store `files` on the row `locked` (already locked, holding `existing` files) as rows made by `new_file()`,
    at most MAX_FILES in all; move its version on and record what was added."""
    check_file_count(existing, len(files))
    for checked in files:
        writer.save(new_file(), checked, user)
    type(locked).objects.filter(pk=locked.pk).update(version=F("version") + 1)
    record_event(locked, user, "add_files", "、".join(c.display_name for c in files))
