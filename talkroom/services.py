"""Every write of the 谈心屋: a student's new thread and reply, the college's answer, the settings, and the purge
that follows the care board's retention. Each checks the texts with core.identity as the forms do."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from care import services as care_services
from care.models import CareAction, Need, NeedCategory, Urgency
from care.services.common import record_event
from colleges.access import access_for
from colleges.models import College
from core.errors import Refused, RoleRefused
from core.identity import find_identity, identity_problem
from core.versions import claim
from notifications.services import notify

from . import access, guard
from .models import Message, TalkSettings, Thread

SENSITIVE_CODE = "counselling"  # the care defaults' 心理疏导, sensitive (care/defaults.py)

DEFAULT_HARM_WORDS = [
    "自杀",
    "轻生",
    "不想活",
    "活不下去",
    "想死",
    "去死",
    "结束生命",
    "结束自己",
    "割腕",
    "跳楼",
    "自残",
    "自伤",
    "伤害自己",
    "安眠药",
    "活着没意思",
]
NATIONAL_HELP_LINE = "全国心理援助热线 12356"


class TalkError(Refused):
    """A 谈心屋 action was refused; the message says why."""


class TalkRoleRefused(RoleRefused, TalkError):
    pass


def default_settings() -> TalkSettings:
    return TalkSettings(harm_words="\n".join(DEFAULT_HARM_WORDS), help_lines=NATIONAL_HELP_LINE)


def settings_of_school() -> TalkSettings:
    """The school's settings; the defaults, unsaved, while staff have saved none (a page read writes nothing)."""
    return TalkSettings.objects.prefetch_related("closed_colleges").first() or default_settings()


def give_default_settings(school) -> int:
    """The school's settings with the default words and the national line (core.portal `school_defaults`)."""
    if TalkSettings.objects.filter(institution=school).exists():
        return 0
    settings = default_settings()
    settings.institution = school
    settings.save()
    return 1


def closed_problem(settings: TalkSettings, college: College) -> str | None:
    """Why the college's channel takes no message now, in kind words; None when it is open."""
    closed = settings.pk is not None and college in settings.closed_colleges.all()
    if settings.open and college.active and not closed:
        return None
    return settings.closed_message or _(
        "The talk room is resting for a while and takes no new messages. If you need someone now, please call one "
        "of the help lines below or talk with your counsellor."
    )


def speaks_of_harm(text: str, settings: TalkSettings) -> bool:
    plain = "".join((text or "").split())
    return any(word in plain for word in settings.words())


def check_message(text: str) -> None:
    """Refuse a message holding an ID number or any phone number: a phone in the text may be another person's;
    the student's own goes in the contact field (forms.ContactField)."""
    problem = identity_problem(text)
    if problem:
        raise TalkError(problem)


def check_contact(contact: str) -> None:
    """The student's own way to be reached may be a phone number, never an ID number."""
    found = find_identity(contact)
    if found is not None and found.kind == "id":
        raise TalkError(identity_problem(contact))


def sensitive_category() -> NeedCategory:
    """The school's sensitive category for the 谈心屋: the defaults' 心理疏导, or another sensitive one staff keep,
    or 心理疏导 made again."""
    categories = NeedCategory.objects.filter(sensitive=True, active=True)
    return (
        categories.filter(code=SENSITIVE_CODE).first()
        or categories.order_by("order", "pk").first()
        or NeedCategory.objects.update_or_create(
            code=SENSITIVE_CODE, defaults={"name": "心理疏导", "sensitive": True, "active": True}
        )[0]
    )


@transaction.atomic
def open_thread(college: College, text: str, contact: str, elder_consent: bool) -> tuple[Thread, str]:
    """A student's first message: the thread, its need on the college's care board (sensitive, the message as
    its confidential notes) and the code, which is returned once and kept only as a hash."""
    settings = settings_of_school()
    if problem := closed_problem(settings, college):
        raise TalkError(problem)
    check_message(text)
    check_contact(contact)
    now = timezone.now()
    harm = speaks_of_harm(text, settings)
    need = Need(
        college=college,
        category=sensitive_category(),
        year=timezone.localdate(now).year,
        description=_("A message to the talk room (the text is in the confidential notes)."),
        urgency=Urgency.HIGH if harm else Urgency.NORMAL,
        notes=text,
        elder_consent=elder_consent,
        created_by=None,
        created_at=now,
    )
    need.save()
    code = guard.new_code()
    thread = Thread.objects.create(
        college=college,
        need=need,
        code_hash=guard.code_hash(code),
        contact=contact,
        elder_consent=elder_consent,
        speaks_of_harm=harm,
        created_at=now,
    )
    Need.objects.filter(pk=need.pk).update(person_code=f"TX-{thread.pk}")
    Message.objects.create(thread=thread, text=text, at=now)
    record_event(None, CareAction.POST, need=need, comment=_("through the talk room"))
    _tell(thread, harm)
    return thread, code


def thread_by_code(code: str) -> Thread | None:
    """The thread the code opens, or None (a wrong code and a purged thread look the same)."""
    return Thread.objects.filter(code_hash=guard.code_hash(code), purged_at=None).select_related("college").first()


@transaction.atomic
def student_reply(thread: Thread, text: str) -> Message:
    settings = settings_of_school()
    if problem := closed_problem(settings, thread.college):
        raise TalkError(problem)
    check_message(text)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.purged_at is not None:
        raise TalkError(_("This conversation has been closed and removed."))
    harm = speaks_of_harm(text, settings)
    message = Message.objects.create(thread=thread, text=text, at=timezone.now())
    changes = {"version": F("version") + 1}
    if harm:
        changes["speaks_of_harm"] = True
        Need.objects.filter(pk=thread.need_id).update(urgency=Urgency.HIGH)
    Thread.objects.filter(pk=thread.pk).update(**changes)
    _tell(thread, harm)
    return message


@transaction.atomic
def answer(thread: Thread, user, text: str, expected_version: int) -> Message:
    """The college's answer: who and when are the message's."""
    TalkRoleRefused.unless(access.reads_threads(access_for(user), thread.college_id), access.reads_threads)
    check_message(text)
    now = timezone.now()
    claim(Thread.objects.filter(purged_at=None), thread.pk, expected_version)
    Thread.objects.filter(pk=thread.pk, first_answered_at=None).update(first_answered_at=now)
    return Message.objects.create(thread=thread, text=text, author=user, at=now)


def read_thread(thread: Thread, user) -> list[Message]:
    """The thread's messages, for a reader of the college's confidential notes; the read is logged as care's."""
    care_services.read_notes(thread.need, user, "talk room thread")
    return list(Message.objects.filter(thread=thread).select_related("author"))


@transaction.atomic
def save_settings(settings: TalkSettings, user, closed_colleges, expected_version: int) -> TalkSettings:
    """Save the school's switch, closed colleges, words and lines (the first save makes the row)."""
    TalkRoleRefused.unless(access.keeps_talk_settings(access_for(user)), access.keeps_talk_settings)
    if settings.pk is None:
        settings.save()
    else:
        claim(
            TalkSettings.objects.all(),
            settings.pk,
            expected_version,
            open=settings.open,
            closed_message=settings.closed_message,
            harm_words=settings.harm_words,
            help_lines=settings.help_lines,
        )
    settings.closed_colleges.set(closed_colleges)
    return settings


def _tell(thread: Thread, harm: bool) -> None:
    """Tell the college of a new message; staff as well, and at once by e-mail, when it speaks of self-harm. The
    notice names no word of the message: the thread's page, which logs each read, shows it."""
    link = reverse("talkroom:thread", args=[thread.pk])
    facts = [(pgettext("field", "College"), thread.college.name)]
    if harm:
        notify(
            access.told_of_harm(thread.college_id),
            _("Urgent: a talk room message of %(college)s speaks of self-harm") % {"college": thread.college.name},
            _("Open the thread at once; the help lines were shown to the student."),
            link,
            facts=facts,
        )
    else:
        notify(
            access.told_of_message(thread.college_id),
            _("A new talk room message for %(college)s") % {"college": thread.college.name},
            "",
            link,
            facts=facts,
        )


def purge_expired_threads(now: datetime.datetime | None = None) -> int:
    """Blank the messages and the contact of threads whose need's notes the care purge has blanked (each school's
    retention, care.services.retention), and retire their code; the rows stay for the counts."""
    now = now or timezone.now()
    due = list(Thread.objects.filter(purged_at=None).exclude(need__notes_purged_at=None).values_list("pk", flat=True))
    for start in range(0, len(due), 500):
        chunk = due[start : start + 500]
        with transaction.atomic():
            Message.objects.filter(thread__in=chunk).update(text="")
            for pk in chunk:
                Thread.objects.filter(pk=pk).update(
                    contact="", purged_at=now, code_hash=f"purged-{pk}", version=F("version") + 1
                )
    return len(due)
