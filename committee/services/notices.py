"""Notices: publishing with files to colleges or member units, the recipients' reading and replies, reminders."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for, require, reviews
from colleges.models import College, MemberUnit
from core.files import writing_files
from core.text import chinese_date, nest_quotes
from core.uploads import CheckedFile
from core.versions import claim
from notifications.models import NoticeKind
from notifications.services import notify, post_to_colleges

from ..access import owns, people_of
from ..models import Audience, Notice, NoticeAttachment, Receipt, ReplyFile, ReplyKind
from .common import CommitteeError, check_file_count, record_event, store_files


def recipients_for(audience: str, colleges: Iterable[College], units: Iterable[MemberUnit]):
    """(colleges, units) a notice goes to: every active college or the chosen ones, and the chosen member units."""
    if audience == Audience.ALL_COLLEGES:
        return list(College.objects.active()), list(units)
    return list(colleges), list(units)


def publish_notice(notice: Notice, user, colleges=(), units=(), files: list[CheckedFile] = ()) -> Notice:
    """Publish a new notice (unsaved, its content set): its files, one receipt per recipient, and each recipient's
    people told in the portal and by e-mail."""
    require(reviews(access_for(user)), reviews)
    colleges, units = recipients_for(notice.audience, colleges, units)
    if not colleges and not units:
        raise CommitteeError(_("Choose at least one recipient."))
    check_file_count(0, len(files))
    with writing_files() as writer:
        notice.created_by = user
        notice.published_at = timezone.now()
        notice.save()
        for checked in files:
            writer.save(NoticeAttachment(notice=notice), checked, user)
        Receipt.objects.bulk_create(
            [Receipt(notice=notice, college=c) for c in colleges] + [Receipt(notice=notice, unit=u) for u in units]
        )
        record_event(notice, user, "publish", "、".join(str(r) for r in [*colleges, *units]))
        title = _("New notice: “%(title)s”") % {"title": nest_quotes(notice.title)}
        people = people_of([c.pk for c in colleges], [u.pk for u in units])
        notify(
            people,
            title,
            _notice_body(notice),
            notice.get_absolute_url(),
            kind=NoticeKind.NOTICES,
            facts=_notice_facts(notice),
        )
        # The colleges' 企业微信 / 钉钉 groups hear of it too, once per notice.
        post_to_colleges(
            colleges, title, _notice_body(notice), notice.get_absolute_url(), dedupe_key=f"notice:{notice.pk}"
        )
    return notice


def _notice_facts(notice: Notice) -> list[tuple[str, str]]:
    facts = [
        (pgettext("field", "Notice"), notice.title),
        (pgettext("field", "Published on"), chinese_date(notice.published_at)),
    ]
    if notice.asks_reply:
        facts.append((pgettext("field", "Reply"), notice.get_reply_display()))
    if notice.deadline:
        facts.append((pgettext("field", "Reply by"), chinese_date(notice.deadline)))
    return facts


def _notice_body(notice: Notice) -> str:
    if notice.asks_reply and notice.deadline:
        return _("Please reply by %(date)s.") % {"date": chinese_date(notice.deadline)}
    if notice.asks_reply:
        return _("Please reply in the portal.")
    return ""


@transaction.atomic
def update_notice(notice: Notice, user, expected_version: int) -> Notice:
    """Save an edited notice (its recipients stay as published)."""
    require(reviews(access_for(user)), reviews)
    claim(Notice, notice.pk, expected_version)
    notice.version = expected_version + 1
    notice.save(update_fields=["title", "body", "reply", "deadline", "public"])
    record_event(notice, user, "edit")
    return notice


def add_notice_files(notice: Notice, user, files: list[CheckedFile]) -> None:
    require(reviews(access_for(user)), reviews)
    with writing_files() as writer:
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        store_files(writer, locked, user, files, locked.attachments.count(), lambda: NoticeAttachment(notice=locked))


def record_read(receipt: Receipt, user) -> bool:
    """The recipient opened the notice: the first opening is recorded (later ones change nothing)."""
    if receipt.read_at is not None or not owns(access_for(user), receipt.college_id, receipt.unit_id):
        return False
    with transaction.atomic():
        done = Receipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=user
        )  # the version stays: a first reading conflicts with no one's reply
        if done:
            record_event(receipt, user, "read")
    return bool(done)


def reply(receipt: Receipt, user, text: str, files: list[CheckedFile], expected_version: int) -> Receipt:
    """The recipient's reply: text and/or files, as the notice asks. A later reply replaces the text and adds files."""
    require(owns(access_for(user), receipt.college_id, receipt.unit_id), owns)
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
        claim(Receipt, receipt.pk, expected_version, **changes)
        check_file_count(receipt.files.count(), len(files))
        for checked in files:
            writer.save(ReplyFile(receipt=receipt), checked, user)
        record_event(receipt, user, "reply", text[:200])
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
    require(reviews(access_for(user)), reviews)
    claim(Notice, notice.pk, expected_version)
    waiting = list(waiting_receipts(notice).select_related("college", "unit"))
    if not waiting:
        return 0
    Receipt.objects.filter(pk__in=[r.pk for r in waiting]).update(reminded_at=timezone.now())
    notify(
        people_of([r.college_id for r in waiting if r.college_id], [r.unit_id for r in waiting if r.unit_id]),
        _("Reminder: “%(title)s”") % {"title": nest_quotes(notice.title)},
        _notice_body(notice),
        notice.get_absolute_url(),
        facts=_notice_facts(notice),
    )
    record_event(notice, user, "remind", "、".join(str(r) for r in waiting))
    return len(waiting)
