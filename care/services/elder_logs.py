"""What elders log on their own page — a talk or session of their pair, a meeting of their mentoring pair — and the
college's confirmation of it (care.workflow.LOG_WORKFLOW): confirmed, it counts in the figures; returned, the
elder reads the reason and may correct it and send it again."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.cache import figures_changed
from core.text import chinese_date
from core.versions import claim
from notifications.services import notify

from ..access import log_confirmers, owns_offer
from ..models import CareAction, CareSession, LogStatus, MentorMeeting, Mentorship, Pair
from ..workflow import (
    CONFIRM_LOG,
    LOG_WORKFLOW,
    RESEND_LOG,
    RETURN_LOG,
    elder_can_log_meeting,
    elder_can_log_session,
)
from .common import CareError, check_text, record_event, require

# The fields an elder may correct before sending a returned record again.
SESSION_FIELDS = ["held_on", "minutes", "kind", "note", "follow_up"]
MEETING_FIELDS = ["held_on", "minutes", "topic", "note"]
EVENT_OF = {CONFIRM_LOG: CareAction.LOG_CONFIRM, RETURN_LOG: CareAction.LOG_RETURN}


@transaction.atomic
def log_own_session(session: CareSession, user) -> CareSession:
    """An elder logs a talk or session of their own active pair; it waits for the college's confirmation."""
    pair = Pair.objects.select_related("offer", "need__college").get(pk=session.pair_id)
    require(owns_offer(user, pair.offer))
    if not elder_can_log_session(pair.status, access_for(user)):
        raise CareError(_("Sessions are logged for an active pair."))
    check_text(session.note, session.follow_up)
    session.created_by, session.status = user, LogStatus.PENDING
    session.save()
    record_event(user, CareAction.ELDER_LOG, need=pair.need, pair=pair, comment=session.get_kind_display())
    _tell_confirmers(session, pair.need.college_id, pair.offer.name)
    return session


@transaction.atomic
def log_own_meeting(meeting: MentorMeeting, user) -> MentorMeeting:
    """An elder logs a meeting of their own mentoring pair; it waits for the confirmation of the programme's college
    (staff for a school-wide programme)."""
    mentorship = Mentorship.objects.select_related("offer", "programme").get(pk=meeting.mentorship_id)
    require(owns_offer(user, mentorship.offer))
    if not elder_can_log_meeting(mentorship.evaluated_at is not None, access_for(user)):
        raise CareError(_("This pair has been evaluated for the year; no more meetings are logged."))
    check_text(meeting.topic, meeting.note)
    meeting.created_by, meeting.status = user, LogStatus.PENDING
    meeting.save()
    record_event(user, CareAction.ELDER_LOG, mentorship=mentorship, comment=meeting.topic)
    _tell_confirmers(meeting, mentorship.programme.college_id, mentorship.offer.name)
    return meeting


@transaction.atomic
def review_log(record: CareSession | MentorMeeting, user, action: str, expected_version: int, reason: str = ""):
    """The college confirms what an elder logged (it counts from now on) or returns it with a reason."""
    access, college_id = access_for(user), record.college_id
    if action not in EVENT_OF or not LOG_WORKFLOW.may_ever(action, access, college_id):
        raise CareError(
            _("Only the college's secretary or counsellors, or committee staff, confirm an elder's records.")
        )
    reason = reason.strip()
    if LOG_WORKFLOW.needs_comment(action):
        if not reason:
            raise CareError(_("Please say why the record is returned, so that the elder can correct it."))
        check_text(reason)
    model = type(record)
    claim(
        model.objects.filter(status__in=LOG_WORKFLOW[action].sources),
        record.pk,
        expected_version,
        status=LOG_WORKFLOW.target(action),
        return_reason=reason[:300] if action == RETURN_LOG else "",
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )
    record_event(user, EVENT_OF[action], **_about(record), comment=reason)
    figures_changed()  # written through update(), which sends no signal
    if action == RETURN_LOG:
        elder = _elder_of(record)
        if elder is not None:
            notify(
                [elder],
                _("Your record of %(date)s was returned by the college") % {"date": chinese_date(record.held_on)},
                reason,
                reverse("care:mine"),
                facts=[(pgettext("field", "Date"), chinese_date(record.held_on))],
            )
    return model.objects.get(pk=record.pk)


@transaction.atomic
def resend_own_log(record: CareSession | MentorMeeting, user, expected_version: int) -> CareSession | MentorMeeting:
    """The elder corrects a returned record (`record` carries the corrections) and sends it to the college again."""
    elder = _elder_of(record)
    require(elder is not None and owns_offer(user, _offer_of(record)))
    if not LOG_WORKFLOW.may_ever(RESEND_LOG, access_for(user), record.college_id):
        raise CareError(_("Your role may not change this."))
    model = type(record)
    fields = SESSION_FIELDS if model is CareSession else MEETING_FIELDS
    check_text(*[getattr(record, name) for name in fields if isinstance(getattr(record, name), str)])
    claim(
        model.objects.filter(status__in=LOG_WORKFLOW[RESEND_LOG].sources),
        record.pk,
        expected_version,
        status=LOG_WORKFLOW.target(RESEND_LOG),
        return_reason="",
        **{name: getattr(record, name) for name in fields},
    )
    record_event(user, CareAction.LOG_RESEND, **_about(record), comment=str(record.held_on))
    _tell_confirmers(record, record.college_id, _offer_of(record).name)
    return model.objects.get(pk=record.pk)


def _offer_of(record):
    return record.pair.offer if isinstance(record, CareSession) else record.mentorship.offer


def _elder_of(record):
    return _offer_of(record).user


def _about(record) -> dict:
    if isinstance(record, CareSession):
        return {"need": record.pair.need, "pair": record.pair}
    return {"mentorship": record.mentorship}


def _tell_confirmers(record, college_id: int | None, elder_name: str) -> None:
    """The college's care people (staff for a school-wide programme) hear that an elder's record waits for them."""
    notify(
        log_confirmers(college_id),
        _("%(elder)s logged a record of %(date)s for you to confirm")
        % {"elder": elder_name, "date": chinese_date(record.held_on)},
        _("It counts in the care figures once the college confirms it."),
        reverse("care:pending"),
        facts=[(pgettext("field", "Elder"), elder_name), (pgettext("field", "Date"), chinese_date(record.held_on))],
    )
