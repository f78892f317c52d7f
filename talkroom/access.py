"""Who may read and answer the 谈心屋's threads, and keep its settings, built on care.access.

- a thread is its need's confidential notes: whoever reads those (care.access.reads_notes: committee staff and
  administrators, the college's own secretary and counsellors; not the party office) reads and answers it, and
  each read is logged in care's read log; another college's thread is a 404;
- the school's switch, the closed colleges, the self-harm words and the help lines: committee staff;
- the student has no account: their code (talkroom.codes) opens their own thread and nothing else.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from care.access import CARE_COLLEGE_ROLES, CARE_ROLES, reads_notes
from colleges.access import Access, access_for, role_holders
from colleges.models import Role
from core.errors import who_may

# The roles whose pages the 谈心屋's portal pages are: the care board's.
TALK_ROLES = CARE_ROLES


@who_may(_("committee staff and the need's own college"))
def reads_threads(access: Access, college_id: int | None) -> bool:
    """May read (and so answer) a college's threads: who reads its confidential notes."""
    return reads_notes(access, college_id)


@who_may(pgettext_lazy("role", "committee staff"))
def keeps_talk_settings(access: Access) -> bool:
    return access.manages_everything


def scope_threads(queryset: QuerySet, user) -> QuerySet:
    """Threads of the colleges whose confidential notes the user reads: every college for staff, their own for a
    college's secretary or counsellor, none for the office and everyone else."""
    access = access_for(user)
    if access.manages_everything:
        return queryset
    if access.role in CARE_COLLEGE_ROLES and access.college_id is not None:
        return queryset.filter(college_id=access.college_id)
    return queryset.none()


def told_of_harm(college_id: int) -> list:
    """Who hears at once of a message that speaks of self-harm: committee staff and the college's secretary and
    counsellors (the readers of the thread), each once."""
    people = [*role_holders(Role.STAFF), *role_holders(CARE_COLLEGE_ROLES, college_id=college_id)]
    return list({person.pk: person for person in people}.values())


def told_of_message(college_id: int) -> QuerySet:
    """Who hears of a new message or reply: the college's secretary and counsellors."""
    return role_holders(CARE_COLLEGE_ROLES, college_id=college_id)


def template_permissions(user) -> dict[str, bool]:
    access = access_for(user)
    return {
        "keep_talk_settings": keeps_talk_settings(access),
        "read_talk_threads": reads_threads(access, access.college_id),
    }
