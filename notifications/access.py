"""Who hears what, and whose notification pages are whose: the roles notices go to, named once here."""

from __future__ import annotations

from colleges.access import access_for
from colleges.models import Role

# Each person's own notifications are theirs whatever their role (a correspondent hears what staff decided).
EVERY_ROLE = frozenset(Role)

# Who hears of a college's reports, assessment and reminders.
COLLEGE_SECRETARIES = Role.SECRETARY
# Who hears of the work waiting for the committee (the daily digest of the review queue).
COMMITTEE_STAFF = Role.STAFF
# Who reads the school's weekly summary.
PARTY_OFFICE = Role.OFFICE


def posts_to_committee_groups(role: str) -> bool:
    """What committee staff hear also goes to the committee office's chat groups."""
    return role == COMMITTEE_STAFF


def sees_technical_details(access) -> bool:
    """The portal's administrators see what went wrong in the code's own words (behind a "details" disclosure);
    everyone else sees what happened and what to do."""
    return access.role == Role.ADMIN


def template_permissions(user) -> dict[str, bool]:
    """The notifications' predicates that templates ask as `can.<name>` (core.portal)."""
    return {"see_technical_details": sees_technical_details(access_for(user))}
