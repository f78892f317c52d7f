"""The lead's records of the region's year: the work report, the meetings and activities with their attendance
and attachments."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.files import writing_files
from core.text import chinese_date, nest_quotes
from core.uploads import CheckedFile
from core.versions import claim
from notifications.services import notify

from .. import access
from ..models import (
    Attendance,
    Meeting,
    MeetingFile,
)
from .common import MAX_FILES, RegionError, require

# ── meetings ────────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def save_meeting(meeting: Meeting, user, expected_version: int | None = None) -> Meeting:
    """Create (pk None) or update a meeting; the region's people are told of a new one."""
    require(access.leads(access_for(user)), access.leads)
    if meeting.host_id and not meeting.region.members.filter(pk=meeting.host_id).exists():
        raise RegionError(_("The host must be one of the region's member schools."))
    if meeting.pk is None:
        meeting.save()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, institution=i) for i in meeting.region.members.all()]
        )
        notify(
            access.region_people(meeting.region),
            _("Region meeting: %(title)s on %(day)s")
            % {"title": nest_quotes(meeting.title), "day": chinese_date(meeting.starts_at)},
            "",
            meeting.get_absolute_url(),
            email=False,
        )
        return meeting
    claim(Meeting, meeting.pk, expected_version)
    meeting.version = expected_version + 1
    meeting.save()
    return meeting


@transaction.atomic
def save_attendance(meeting: Meeting, user, expected_version: int, rows: dict[int, tuple[bool, str]]) -> None:
    """Attendance per member school: {institution id: (attended, who came)}."""
    require(access.leads(access_for(user)), access.leads)
    claim(Meeting, meeting.pk, expected_version)
    for row in meeting.attendance.all():
        if row.institution_id in rows:
            row.attended, row.attendees = rows[row.institution_id][0], rows[row.institution_id][1][:200]
            row.save(update_fields=["attended", "attendees"])


def add_meeting_files(meeting: Meeting, user, files: list[CheckedFile]) -> list[MeetingFile]:
    require(access.leads(access_for(user)), access.leads)
    with writing_files() as writer:
        # Counted under the meeting's lock: parallel uploads queue here instead of each counting the same files.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.files.count() + len(files) > MAX_FILES:
            raise RegionError(_("A meeting holds at most %(max)d files.") % {"max": MAX_FILES})
        return [writer.save(MeetingFile(meeting=locked), checked, user) for checked in files]
