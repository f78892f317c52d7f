"""The mentoring programmes: programmes, their pairs, the pairs' meetings and the year-end evaluation."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.cache import figures_changed
from core.versions import claim

from ..access import care_authors
from ..models import CareAction, MentorMeeting, Mentorship, Programme
from .common import CareError, check_text, record_event, require


@transaction.atomic
def save_programme(programme: Programme, user, expected_version: int | None = None) -> Programme:
    require(care_authors(access_for(user), programme.college_id), care_authors)
    check_text(programme.title, programme.summary)
    if programme.pk is None:
        programme.save()
        return programme
    claim(
        Programme,
        programme.pk,
        expected_version,
        kind=programme.kind,
        year=programme.year,
        title=programme.title,
        summary=programme.summary,
    )
    return Programme.objects.get(pk=programme.pk)


@transaction.atomic
def add_mentorship(mentorship: Mentorship, user) -> Mentorship:
    require(care_authors(access_for(user), mentorship.programme.college_id), care_authors)
    check_text(mentorship.mentees, mentorship.goals)
    mentorship.created_by = user
    mentorship.save()
    record_event(user, CareAction.POST, mentorship=mentorship, comment=mentorship.offer.name)
    return mentorship


@transaction.atomic
def log_meeting(meeting: MentorMeeting, user) -> MentorMeeting:
    mentorship = meeting.mentorship
    require(care_authors(access_for(user), mentorship.programme.college_id), care_authors)
    check_text(meeting.topic, meeting.note)
    if mentorship.evaluated_at:
        raise CareError(_("This pair has been evaluated for the year; no more meetings are logged."))
    meeting.created_by = user
    meeting.save()
    Mentorship.objects.filter(pk=mentorship.pk).update(version=F("version") + 1)
    record_event(user, CareAction.SESSION, mentorship=mentorship, comment=meeting.topic)
    return meeting


@transaction.atomic
def evaluate(mentorship: Mentorship, user, grade: str, evaluation: str, expected_version: int) -> Mentorship:
    """The year-end evaluation of a mentoring pair, once."""
    require(care_authors(access_for(user), mentorship.programme.college_id), care_authors)
    check_text(evaluation)
    # Not core.versions.claim: the pair has no status to name, and "evaluated" is what the other person most
    # likely did.
    claimed = Mentorship.objects.filter(pk=mentorship.pk, version=expected_version, evaluated_at=None).update(
        version=F("version") + 1, grade=grade, evaluation=evaluation, evaluated_at=timezone.now()
    )
    if not claimed:
        raise CareError(_("Someone else evaluated this pair a moment ago, or changed it; nothing was saved."))
    record_event(user, CareAction.EVALUATE, mentorship=mentorship, comment=grade)
    figures_changed()
    return Mentorship.objects.get(pk=mentorship.pk)
