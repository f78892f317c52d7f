"""Meetings (agenda, minutes, attendance, files), their decisions, and the follow-up tasks the decisions give."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for, require, reviews
from core.files import writing_files
from core.text import chinese_date, nest_quotes
from core.uploads import CheckedFile
from core.versions import claim
from notifications.services import notify

from ..access import owns, people_of
from ..models import Decision, FollowUpTask, Meeting, MeetingAttachment, TaskStatus
from .common import CommitteeError, record_event, store_files


@transaction.atomic
def save_meeting(meeting: Meeting, user, colleges, units, expected_version: int | None = None) -> Meeting:
    """Create a meeting (expected_version None) or save its edited agenda, minutes and attendance."""
    require(reviews(access_for(user)), reviews)
    if meeting.pk is None:
        meeting.created_by = user
        meeting.save()
        action = "create"
    else:
        claim(Meeting, meeting.pk, expected_version or 0)
        meeting.version = (expected_version or 0) + 1
        meeting.save()
        action = "edit"
    meeting.colleges_present.set(colleges)
    meeting.units_present.set(units)
    record_event(meeting, user, action)
    return meeting


def add_meeting_files(meeting: Meeting, user, files: list[CheckedFile]) -> None:
    require(reviews(access_for(user)), reviews)
    with writing_files() as writer:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        store_files(writer, locked, user, files, locked.attachments.count(), lambda: MeetingAttachment(meeting=locked))


@transaction.atomic
def add_decision(meeting: Meeting, user, text: str, colleges=(), units=(), due_on=None) -> Decision:
    """Record a decision; each chosen college or member unit gets a follow-up task due on `due_on`, and is told."""
    require(reviews(access_for(user)), reviews)
    colleges, units = list(colleges), list(units)
    if (colleges or units) and due_on is None:
        raise CommitteeError(_("A follow-up task needs a due date."))
    decision = Decision.objects.create(meeting=meeting, text=text.strip())
    FollowUpTask.objects.bulk_create(
        [FollowUpTask(decision=decision, college=c, due_on=due_on) for c in colleges]
        + [FollowUpTask(decision=decision, unit=u, due_on=due_on) for u in units]
    )
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    record_event(meeting, user, "decision", decision.text[:200])
    if colleges or units:
        notify(
            people_of([c.pk for c in colleges], [u.pk for u in units]),
            _("A follow-up task from “%(meeting)s”") % {"meeting": nest_quotes(meeting.title)},
            decision.text,
            reverse("committee:tasks"),
            facts=[
                (pgettext("field", "Meeting"), meeting.title),
                (pgettext("field", "Held on"), chinese_date(meeting.held_on)),
                (pgettext("field", "Due on"), chinese_date(due_on) if due_on else pgettext("field", "No deadline")),
            ],
        )
    return decision


@transaction.atomic
def complete_task(task: FollowUpTask, user, note: str, expected_version: int) -> FollowUpTask:
    """The owner marks the task done with a note of what was done."""
    require(owns(access_for(user), task.college_id, task.unit_id), owns)
    note = note.strip()
    if not note:
        raise CommitteeError(_("Please say what was done."))
    if task.status == TaskStatus.DONE:
        raise CommitteeError(_("This task is already done."))
    claim(
        FollowUpTask.objects.filter(status=TaskStatus.OPEN),
        task.pk,
        expected_version,
        status=TaskStatus.DONE,
        done_note=note,
        done_at=timezone.now(),
        done_by=user,
    )
    record_event(task, user, "done", note[:200])
    return FollowUpTask.objects.get(pk=task.pk)
