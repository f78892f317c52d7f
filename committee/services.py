"""Every write of the committee's own work.

Each write checks the row's version in the UPDATE that claims it (UPDATE … WHERE pk = … AND version = n), so of
two people acting on the same page exactly one wins and the other is told in their language; each leaves an
`Event`. Files are written inside `core.files.writing_files()`, so a failed request leaves none behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import access_for, require, reviews
from colleges.models import College, MemberUnit, Role
from core.files import delete_after_commit, writing_files
from core.text import nest_quotes
from core.uploads import CheckedFile
from notifications.models import NoticeKind
from notifications.services import notify, post_to_colleges

from . import workflow
from .access import authors_unit, owns
from .models import (
    Audience,
    Decision,
    Event,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    Notice,
    NoticeAttachment,
    RatingLevel,
    Receipt,
    ReplyFile,
    ReplyKind,
    TaskStatus,
    TrainingClass,
    TrainingSession,
    UnitReport,
    UnitReportFile,
    UnitReportStatus,
)

MAX_FILES = 20  # on a notice, a meeting, a reply or a self-report


class CommitteeError(Exception):
    """The write was refused; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _event(row, actor, action: str, comment: str = "") -> None:
    Event.objects.create(
        subject=type(row).__name__.lower(), object_id=row.pk, action=action, actor=actor, comment=comment
    )


def _claim(model, pk: int, expected_version: int, **changes) -> None:
    """Claim the row at the version the user was shown, or tell them someone else was first."""
    claimed = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1, **changes)
    if not claimed:
        if not model.objects.filter(pk=pk).exists():
            raise CommitteeError(_("This record no longer exists."))
        raise CommitteeError(
            _(
                "Someone else changed this record a moment ago. Your change was not applied; the page shows the "
                "record as it is now."
            )
        )


def _check_file_count(current: int, adding: int) -> None:
    if current + adding > MAX_FILES:
        raise CommitteeError(_("At most %(max)d files may be attached; remove some first.") % {"max": MAX_FILES})


def people_of(colleges: Iterable[int] = (), units: Iterable[int] = ()):
    """The active users who act for these colleges (their secretaries) and member units (their contacts)."""
    colleges, units = list(colleges), list(units)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(membership__role=Role.SECRETARY, membership__college_id__in=colleges)
            | Q(membership__role=Role.UNIT_CONTACT, membership__member_unit_id__in=units)
        )
    )


# Notices ------------------------------------------------------------------------------------------------------


def recipients_for(audience: str, colleges: Iterable[College], units: Iterable[MemberUnit]):
    """(colleges, units) a notice goes to: every active college, or the chosen colleges, or the chosen units."""
    if audience == Audience.ALL_COLLEGES:
        return list(College.objects.active()), []
    if audience == Audience.COLLEGES:
        return list(colleges), []
    return [], list(units)


def publish_notice(notice: Notice, user, colleges=(), units=(), files: list[CheckedFile] = ()) -> Notice:
    """Publish a new notice (unsaved, its content set): its files, one receipt per recipient, and each recipient's
    people told in the portal and by e-mail."""
    require(reviews(access_for(user)))
    colleges, units = recipients_for(notice.audience, colleges, units)
    if not colleges and not units:
        raise CommitteeError(_("Choose at least one recipient."))
    _check_file_count(0, len(files))
    with writing_files() as writer:
        notice.created_by = user
        notice.published_at = timezone.now()
        notice.save()
        for checked in files:
            writer.save(NoticeAttachment(notice=notice), checked, user)
        Receipt.objects.bulk_create(
            [Receipt(notice=notice, college=c) for c in colleges] + [Receipt(notice=notice, unit=u) for u in units]
        )
        _event(notice, user, "publish", "、".join(str(r) for r in [*colleges, *units]))
        title = _("New notice: “%(title)s”") % {"title": nest_quotes(notice.title)}
        people = people_of([c.pk for c in colleges], [u.pk for u in units])
        notify(people, title, _notice_body(notice), notice.get_absolute_url(), kind=NoticeKind.NOTICES)
        # The colleges' 企业微信 / 钉钉 groups hear of it too, once per notice.
        post_to_colleges(
            colleges, title, _notice_body(notice), notice.get_absolute_url(), dedupe_key=f"notice:{notice.pk}"
        )
    return notice


def _notice_body(notice: Notice) -> str:
    if notice.asks_reply and notice.deadline:
        return _("Please reply by %(date)s.") % {"date": f"{notice.deadline:%Y-%m-%d}"}
    if notice.asks_reply:
        return _("Please reply in the portal.")
    return ""


@transaction.atomic
def update_notice(notice: Notice, user, expected_version: int) -> Notice:
    """Save an edited notice (its recipients stay as published)."""
    require(reviews(access_for(user)))
    _claim(Notice, notice.pk, expected_version)
    notice.version = expected_version + 1
    notice.save(update_fields=["title", "body", "reply", "deadline", "public"])
    _event(notice, user, "edit")
    return notice


def add_notice_files(notice: Notice, user, files: list[CheckedFile]) -> None:
    require(reviews(access_for(user)))
    with writing_files() as writer:
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        _check_file_count(locked.attachments.count(), len(files))
        for checked in files:
            writer.save(NoticeAttachment(notice=locked), checked, user)
        Notice.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        _event(locked, user, "add_files", "、".join(c.display_name for c in files))


def record_read(receipt: Receipt, user) -> bool:
    """The recipient opened the notice: the first opening is recorded (later ones change nothing)."""
    if receipt.read_at is not None or not owns(access_for(user), receipt.college_id, receipt.unit_id):
        return False
    with transaction.atomic():
        done = Receipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=user
        )  # the version stays: a first reading conflicts with no one's reply
        if done:
            _event(receipt, user, "read")
    return bool(done)


def reply(receipt: Receipt, user, text: str, files: list[CheckedFile], expected_version: int) -> Receipt:
    """The recipient's reply: text and/or files, as the notice asks. A later reply replaces the text and adds files."""
    require(owns(access_for(user), receipt.college_id, receipt.unit_id))
    notice = receipt.notice
    text = text.strip()
    if not notice.asks_reply:
        raise CommitteeError(_("This notice asks for no reply."))
    if notice.reply == ReplyKind.TEXT and not text:
        raise CommitteeError(_("Please write your reply."))
    if notice.reply == ReplyKind.FILE and not files and not receipt.files.exists():
        raise CommitteeError(_("This notice asks for a file: please attach one."))
    if not text and not files:
        raise CommitteeError(_("Please write a reply or attach a file."))
    with writing_files() as writer:
        now = timezone.now()
        changes = {"replied_at": now, "replied_by": user}
        if text:
            changes["reply_text"] = text
        if receipt.read_at is None:
            changes.update(read_at=now, read_by=user)
        _claim(Receipt, receipt.pk, expected_version, **changes)
        _check_file_count(receipt.files.count(), len(files))
        for checked in files:
            writer.save(ReplyFile(receipt=receipt), checked, user)
        _event(receipt, user, "reply", text[:200])
    return Receipt.objects.select_related("notice", "college", "unit").get(pk=receipt.pk)


def waiting_receipts(notice: Notice):
    """Who has not done what the notice asks: not replied if it asks a reply, else not read."""
    receipts = notice.receipts.all()
    if notice.asks_reply:
        return receipts.filter(replied_at__isnull=True)
    return receipts.filter(read_at__isnull=True)


@transaction.atomic
def remind(notice: Notice, user, expected_version: int) -> int:
    """Remind every recipient who has not read (or, if a reply is asked, not replied) in one action. Returns how
    many recipients were reminded."""
    require(reviews(access_for(user)))
    _claim(Notice, notice.pk, expected_version)
    waiting = list(waiting_receipts(notice).select_related("college", "unit"))
    if not waiting:
        return 0
    Receipt.objects.filter(pk__in=[r.pk for r in waiting]).update(reminded_at=timezone.now())
    notify(
        people_of([r.college_id for r in waiting if r.college_id], [r.unit_id for r in waiting if r.unit_id]),
        _("Reminder: “%(title)s”") % {"title": nest_quotes(notice.title)},
        _notice_body(notice),
        notice.get_absolute_url(),
    )
    _event(notice, user, "remind", "、".join(str(r) for r in waiting))
    return len(waiting)


# Meetings and follow-up tasks ------------------------------------------------------------------------------


@transaction.atomic
def save_meeting(meeting: Meeting, user, colleges, units, expected_version: int | None = None) -> Meeting:
    """Create a meeting (expected_version None) or save its edited agenda, minutes and attendance."""
    require(reviews(access_for(user)))
    if meeting.pk is None:
        meeting.created_by = user
        meeting.save()
        action = "create"
    else:
        _claim(Meeting, meeting.pk, expected_version or 0)
        meeting.version = (expected_version or 0) + 1
        meeting.save()
        action = "edit"
    meeting.colleges_present.set(colleges)
    meeting.units_present.set(units)
    _event(meeting, user, action)
    return meeting


def add_meeting_files(meeting: Meeting, user, files: list[CheckedFile]) -> None:
    require(reviews(access_for(user)))
    with writing_files() as writer:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_file_count(locked.attachments.count(), len(files))
        for checked in files:
            writer.save(MeetingAttachment(meeting=locked), checked, user)
        Meeting.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        _event(locked, user, "add_files", "、".join(c.display_name for c in files))


@transaction.atomic
def add_decision(meeting: Meeting, user, text: str, colleges=(), units=(), due_on=None) -> Decision:
    """Record a decision; each chosen college or member unit gets a follow-up task due on `due_on`, and is told."""
    require(reviews(access_for(user)))
    colleges, units = list(colleges), list(units)
    if (colleges or units) and due_on is None:
        raise CommitteeError(_("A follow-up task needs a due date."))
    decision = Decision.objects.create(meeting=meeting, text=text.strip())
    FollowUpTask.objects.bulk_create(
        [FollowUpTask(decision=decision, college=c, due_on=due_on) for c in colleges]
        + [FollowUpTask(decision=decision, unit=u, due_on=due_on) for u in units]
    )
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    _event(meeting, user, "decision", decision.text[:200])
    if colleges or units:
        notify(
            people_of([c.pk for c in colleges], [u.pk for u in units]),
            _("A follow-up task from “%(meeting)s”") % {"meeting": nest_quotes(meeting.title)},
            _("%(text)s\nDue on %(date)s.") % {"text": decision.text, "date": f"{due_on:%Y-%m-%d}"},
            reverse("committee:tasks"),
        )
    return decision


@transaction.atomic
def complete_task(task: FollowUpTask, user, note: str, expected_version: int) -> FollowUpTask:
    """The owner marks the task done with a note of what was done."""
    require(owns(access_for(user), task.college_id, task.unit_id))
    note = note.strip()
    if not note:
        raise CommitteeError(_("Please say what was done."))
    if task.status == TaskStatus.DONE:
        raise CommitteeError(_("This task is already done."))
    claimed = FollowUpTask.objects.filter(pk=task.pk, version=expected_version, status=TaskStatus.OPEN).update(
        version=F("version") + 1, status=TaskStatus.DONE, done_note=note, done_at=timezone.now(), done_by=user
    )
    if not claimed:
        raise CommitteeError(_("Someone else updated this task a moment ago; the page shows it as it is now."))
    _event(task, user, "done", note[:200])
    return FollowUpTask.objects.get(pk=task.pk)


# Training --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_training(training: TrainingClass, user, expected_version: int | None = None) -> TrainingClass:
    require(reviews(access_for(user)))
    if training.pk is None:
        training.created_by = user
        training.save()
        _event(training, user, "create")
        return training
    _claim(TrainingClass, training.pk, expected_version or 0)
    training.version = (expected_version or 0) + 1
    training.save()
    _event(training, user, "edit")
    return training


@transaction.atomic
def add_session(training: TrainingClass, user, session: TrainingSession) -> TrainingSession:
    require(reviews(access_for(user)))
    session.training = training
    session.save()
    _event(training, user, "session", str(session))
    return session


@transaction.atomic
def record_attendance(session: TrainingSession, user, members, expected_version: int) -> TrainingSession:
    """Who attended the session (committee members of any college): the list replaces the one before."""
    require(reviews(access_for(user)))
    _claim(TrainingSession, session.pk, expected_version)
    session.attendees.set(members)
    _event(session, user, "attendance", str(len(members)))
    return TrainingSession.objects.get(pk=session.pk)


# Member units' self-reports and ratings ------------------------------------------------------------------------


def _report_stale(report_id: int) -> str:
    current = UnitReport.objects.filter(pk=report_id).values_list("status", flat=True).first()
    if current is None:
        return _("This self-report no longer exists.")
    return _(
        "Someone else changed this self-report a moment ago (it is now “%(status)s”). Your action was not "
        "applied; the page shows it as it is now."
    ) % {"status": UnitReportStatus(current).label}


@transaction.atomic
def save_unit_report(unit: MemberUnit, year: int, user, text: str, expected_version: int) -> UnitReport:
    """Write the unit's self-report of the year: the first save creates it (expected_version 0)."""
    access = access_for(user)
    require(authors_unit(access, unit.pk))
    report = UnitReport.objects.filter(unit=unit, year=year).first()
    if report is None:
        if expected_version:
            raise CommitteeError(_("This self-report no longer exists."))
        try:
            with transaction.atomic():
                report = UnitReport.objects.create(unit=unit, year=year, text=text)
        except IntegrityError:
            raise CommitteeError(_report_stale(UnitReport.objects.get(unit=unit, year=year).pk)) from None
        _event(report, user, "create")
        return report
    if not workflow.can_edit(report.status, access, unit.pk):
        raise CommitteeError(_("This self-report can no longer be edited in its current state."))
    claimed = UnitReport.objects.filter(
        pk=report.pk, version=expected_version, status__in=workflow.EDITABLE_STATUSES
    ).update(version=F("version") + 1, text=text)
    if not claimed:
        raise CommitteeError(_report_stale(report.pk))
    _event(report, user, "edit")
    return UnitReport.objects.get(pk=report.pk)


@transaction.atomic
def transition_unit_report(report: UnitReport, user, action: str, comment: str, expected_version: int):
    """Submit (the unit) or return with a reason (staff)."""
    access = access_for(user)
    comment = comment.strip()
    if report.version != expected_version:
        raise CommitteeError(_report_stale(report.pk))
    if action not in workflow.FORM_ACTIONS or not workflow.can_transition(
        action, report.status, access, report.unit_id
    ):
        raise CommitteeError(_("This action is not available for this self-report."))
    rule = workflow.TRANSITIONS[action]
    if rule.needs_comment and not comment:
        raise CommitteeError(_("Please give a reason, so that the unit knows what to correct."))
    changes = {"status": rule.target}
    if action == "submit":
        if not report.text.strip():
            raise CommitteeError(_("Please write the self-report before submitting it."))
        changes["submitted_at"] = timezone.now()
    else:
        changes.update(return_reason=comment, rating=None, rated_at=None, rated_by=None)
    claimed = UnitReport.objects.filter(pk=report.pk, version=expected_version, status__in=rule.sources).update(
        version=F("version") + 1, **changes
    )
    if not claimed:
        raise CommitteeError(_report_stale(report.pk))
    _event(report, user, action, comment)
    if action == "return":
        notify(
            people_of(units=[report.unit_id]),
            _("Your %(year)d self-report was returned") % {"year": report.year},
            _("Reason: %(reason)s") % {"reason": comment},
            report.get_absolute_url(),
        )
    return UnitReport.objects.get(pk=report.pk)


@transaction.atomic
def rate_unit_report(report: UnitReport, user, level: RatingLevel, comment: str, expected_version: int):
    access = access_for(user)
    require(workflow.may_ever("rate", access, report.unit_id))
    if not workflow.can_transition("rate", report.status, access, report.unit_id):
        raise CommitteeError(_("Only a submitted self-report can be rated."))
    claimed = UnitReport.objects.filter(
        pk=report.pk, version=expected_version, status__in=workflow.TRANSITIONS["rate"].sources
    ).update(
        version=F("version") + 1,
        status=UnitReportStatus.RATED,
        rating=level,
        rating_comment=comment.strip(),
        rated_at=timezone.now(),
        rated_by=user,
    )
    if not claimed:
        raise CommitteeError(_report_stale(report.pk))
    _event(report, user, "rate", f"{level.name} {comment.strip()}".strip())
    return UnitReport.objects.get(pk=report.pk)


def add_unit_files(report: UnitReport, user, files: list[CheckedFile]) -> None:
    with writing_files() as writer:
        locked = UnitReport.objects.select_for_update().get(pk=report.pk)
        if not workflow.can_edit(locked.status, access_for(user), locked.unit_id):
            raise CommitteeError(_("Evidence can only be changed while the self-report is a draft or returned."))
        _check_file_count(locked.files.count(), len(files))
        for checked in files:
            writer.save(UnitReportFile(report=locked), checked, user)
        UnitReport.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        _event(locked, user, "add_files", "、".join(c.display_name for c in files))


@transaction.atomic
def remove_unit_file(stored: UnitReportFile, user) -> None:
    locked = UnitReport.objects.select_for_update().get(pk=stored.report_id)
    if not workflow.can_edit(locked.status, access_for(user), locked.unit_id):
        raise CommitteeError(_("Evidence can only be changed while the self-report is a draft or returned."))
    delete_after_commit([stored])
    name = stored.original_name
    stored.delete()
    UnitReport.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    _event(locked, user, "remove_file", name)
