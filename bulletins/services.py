"""Every write of the monthly bulletin: drafted from data, saved, drafted again, published. Each claims the
bulletin's version (core.versions.claim); publishing tells the party office and the colleges' secretaries in the
portal and by e-mail, and posts to the colleges' group robots."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from colleges.models import College
from core.errors import Refused, RoleRefused
from core.outline import outline
from core.versions import claim
from notifications.services import notify, post_to_colleges, post_to_groups

from . import access, draft
from .models import Bulletin


class BulletinRefused(Refused):
    """A bulletin's write refused for its state (published, the month not begun)."""


def _may_write(user) -> None:
    RoleRefused.unless(access.writes_bulletins(access_for(user)), access.writes_bulletins)


def start(user, year: int, month: int) -> Bulletin:
    """The month's bulletin, drafted from the data as it stands; refused for a month not yet begun, and for a month
    that has one (the page opens it instead)."""
    _may_write(user)
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise BulletinRefused(_("That month has not begun: its bulletin can be drafted from the first of the month."))
    if Bulletin.objects.filter(year=year, month=month).exists():
        raise BulletinRefused(_("This month already has its bulletin; open it from the list to edit it."))
    number = (Bulletin.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return Bulletin.objects.create(
                year=year,
                month=month,
                number=number,
                text=draft.draft_text(year, month, number),
                drafted_at=timezone.now(),
                updated_by=user,
            )
    except IntegrityError:
        raise BulletinRefused(_("Someone has just drafted this month's bulletin; open it from the list.")) from None


def save(bulletin: Bulletin, user, text: str, expected_version: int) -> Bulletin:
    _may_write(user)
    claim(
        Bulletin.objects.filter(status=Bulletin.Status.DRAFT),
        bulletin.pk,
        expected_version,
        text=text,
        updated_by=user,
    )
    bulletin.refresh_from_db()
    return bulletin


def redraft(bulletin: Bulletin, user, expected_version: int) -> Bulletin:
    """Draft the text again from the data as it stands now (staff's edits are replaced: the page asks first)."""
    _may_write(user)
    text = draft.draft_text(bulletin.year, bulletin.month, bulletin.number)
    claim(
        Bulletin.objects.filter(status=Bulletin.Status.DRAFT),
        bulletin.pk,
        expected_version,
        text=text,
        drafted_at=timezone.now(),
        updated_by=user,
    )
    bulletin.refresh_from_db()
    return bulletin


@transaction.atomic
def publish(bulletin: Bulletin, user, expected_version: int) -> Bulletin:
    _may_write(user)
    now = timezone.now()
    claim(
        Bulletin.objects.filter(status=Bulletin.Status.DRAFT),
        bulletin.pk,
        expected_version,
        status=Bulletin.Status.PUBLISHED,
        published_at=now,
        published_by=user,
    )
    bulletin.refresh_from_db()
    name = str(bulletin)
    link = reverse("bulletins:detail", args=[bulletin.pk])
    month = f"{bulletin.year}年{bulletin.month}月"
    facts = [(pgettext("field", "Month"), month), (pgettext("bulletin", "Issue"), name)]
    headline = _("The committee's work bulletin is out: %(name)s") % {"name": name}
    summary = lead_paragraph(bulletin.text)
    notify(
        access.told_of_bulletin(),
        headline,
        summary,
        link=link,
        facts=facts,
        dedupe_key=f"bulletin-{bulletin.pk}",
    )
    dedupe = f"bulletin-{bulletin.pk}"
    post_to_groups(None, headline, summary, link, dedupe_key=dedupe)
    post_to_colleges(College.objects.active(), headline, summary, link, dedupe_key=dedupe)
    return bulletin


def lead_paragraph(text: str) -> str:
    """The bulletin's first paragraph (its overview), for the notification and the group message."""
    blocks = outline(text).blocks
    return next((block.text for block in blocks if not block.heading), "")
