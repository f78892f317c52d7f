"""Every write of publicity: news items and their workflow, public notices, talks and award nominations.

Each write claims the row's version in the UPDATE that changes it (core.versions.claim), so that of two people
acting on the same version exactly one wins and the other is told what happened; news items leave a NewsEvent.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityReport, Evidence, EvidenceKind
from activities.models import Status as ReportStatus
from colleges.access import access_for
from core.cache import figures_changed
from core.text import nest_quotes
from core.versions import claim, stale
from notifications.services import notify, notify_role, users_with_role

from .access import (
    NEWS_WRITERS,
    PUBLISHERS,
    decides_nominations,
    edits_public_pages,
    proposes_for,
    writes_news,
)
from .models import (
    NewsAction,
    NewsEvent,
    NewsItem,
    NewsPhoto,
    Nomination,
    NominationStatus,
    PublicNotice,
    Talk,
)
from .workflow import WORKFLOW, PublicityError, PublicityRoleRefused


def _check_photos(report: ActivityReport, photos: list[Evidence], consented: list[Evidence]) -> None:
    photo_ids = {p.pk for p in photos}
    if any(p.report_id != report.pk or p.kind != EvidenceKind.PHOTO for p in photos):
        raise PublicityError(_("Only photos of the item's own report can be chosen."))
    if any(c.pk not in photo_ids for c in consented):
        raise PublicityError(_("Consent can only be recorded for a photo that is chosen."))


def _set_photos(news: NewsItem, photos: list[Evidence], consented: list[Evidence]) -> None:
    consented_ids = {c.pk for c in consented}
    news.photos.all().delete()
    NewsPhoto.objects.bulk_create(
        NewsPhoto(news=news, evidence=photo, consented=photo.pk in consented_ids, order=order)
        for order, photo in enumerate(photos)
    )


@transaction.atomic
def create_news(report: ActivityReport, user, title: str, text: str, photos=(), consented=()) -> NewsItem:
    """A draft news item from an approved report of a college the user writes news for."""
    access = access_for(user)
    if not writes_news(access, report.college_id):
        raise PublicityRoleRefused(_("Your role may not write news for this college."))
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.APPROVED:
        raise PublicityError(_("Only an approved activity report can become a news item."))
    photos, consented = list(photos), list(consented)
    _check_photos(report, photos, consented)
    news = NewsItem.objects.create(
        college_id=report.college_id, report=report, title=title, text=text, created_by=user
    )
    _set_photos(news, photos, consented)
    NewsEvent.objects.create(news=news, actor=user, action=NewsAction.CREATE, to_status=news.status)
    return news


@transaction.atomic
def update_news(
    news: NewsItem, user, expected_version: int, title: str, text: str, photos=(), consented=()
) -> NewsItem:
    access = access_for(user)
    WORKFLOW.require_editor(access, news.college_id, status=news.status)
    if not WORKFLOW.can_edit(news.status, access, news.college_id):
        raise PublicityError(_("This news item cannot be edited in its current state."))
    photos, consented = list(photos), list(consented)
    _check_photos(news.report, photos, consented)
    claim(
        NewsItem.objects.filter(status=news.status, status__in=WORKFLOW.editable_statuses),
        news.pk,
        expected_version,
        title=title,
        text=text,
        updated_at=timezone.now(),
    )
    _set_photos(news, photos, consented)
    NewsEvent.objects.create(
        news=news, actor=user, action=NewsAction.EDIT, from_status=news.status, to_status=news.status
    )
    figures_changed()
    return NewsItem.objects.get(pk=news.pk)


@transaction.atomic
def transition_news(news: NewsItem, user, action: str, comment: str, expected_version: int) -> NewsItem:
    access = access_for(user)
    comment = (comment or "").strip()
    if action not in WORKFLOW:
        raise PublicityError(_("This action is not available for this news item."))
    WORKFLOW.require_role(action, access, news.college_id)
    if news.version != expected_version:
        raise stale(NewsItem, news.pk)
    WORKFLOW.require_role(action, access, news.college_id, status=news.status)
    if not WORKFLOW.can(action, news.status, access, news.college_id):
        raise PublicityError(_("This action is not available for this news item."))
    rule = WORKFLOW[action]
    if rule.needs_comment and not comment:
        raise PublicityError(_("Please give a reason, so that the correspondent knows what to change."))
    if action == NewsAction.PUBLISH and news.report.status != ReportStatus.APPROVED:
        raise PublicityError(_("The activity report behind this item is no longer approved; it cannot be published."))
    changes = {"status": rule.target, "updated_at": timezone.now()}
    if action == NewsAction.PUBLISH:
        changes["published_at"] = timezone.now()
        changes["return_reason"] = ""
    elif action in (NewsAction.RETURN, NewsAction.RETRACT):
        changes["return_reason"] = comment
    history = NewsEvent(
        news=news, actor=user, action=action, from_status=news.status, to_status=rule.target, comment=comment
    )
    claim(NewsItem.objects.filter(status__in=rule.sources), news.pk, expected_version, history=history, **changes)
    figures_changed()  # the public pages are cached on the figures' generation
    _tell(news, action, comment)
    return NewsItem.objects.get(pk=news.pk)


def _tell(news: NewsItem, action: str, comment: str) -> None:
    """Staff hear of an item waiting for them; the college's correspondents of what staff decided."""
    title = nest_quotes(news.title)
    link = news.get_absolute_url()
    facts = [(pgettext("field", "College"), news.college.name), (pgettext("field", "News item"), news.title)]
    if action == NewsAction.SUBMIT:
        waiting = _("News item “%(title)s” waits for publication") % {"title": title}
        notify_role(PUBLISHERS, waiting, "", link, facts=facts)
        return
    messages = {
        NewsAction.PUBLISH: _("Your news item “%(title)s” is on the public site"),
        NewsAction.RETURN: _("Your news item “%(title)s” was returned"),
        NewsAction.RETRACT: _("Your news item “%(title)s” was taken off the public site"),
    }
    body = pgettext("return reason", "Reason: %(reason)s") % {"reason": comment} if comment else ""
    notify(users_with_role(NEWS_WRITERS, news.college), messages[action] % {"title": title}, body, link, facts=facts)


def _require(allowed: bool, predicate=None) -> None:
    PublicityRoleRefused.unless(allowed, predicate)


@transaction.atomic
def save_notice(notice: PublicNotice, user, expected_version: int | None = None) -> PublicNotice:
    """Create (`expected_version` None) or save the edited notice, claiming its version."""
    _require(edits_public_pages(access_for(user)), edits_public_pages)
    if notice.pk is None:
        notice.created_by = user
        notice.save()
        return notice
    claim(PublicNotice, notice.pk, expected_version, title=notice.title, text=notice.text)
    figures_changed()
    return PublicNotice.objects.get(pk=notice.pk)


@transaction.atomic
def set_notice_published(notice: PublicNotice, user, published: bool, expected_version: int) -> PublicNotice:
    _require(edits_public_pages(access_for(user)), edits_public_pages)
    changes = {"published": published}
    if published:
        changes["published_at"] = timezone.now()
    claim(PublicNotice.objects.filter(published=not published), notice.pk, expected_version, **changes)
    figures_changed()
    return PublicNotice.objects.get(pk=notice.pk)


TALK_FIELDS = ["title", "speaker", "given_on", "place", "audience", "summary", "college", "published"]


@transaction.atomic
def mirror_notice(notice) -> PublicNotice | None:
    """Keep the public copy of a committee notice in step with it: shown while the notice is marked public,
    taken off (kept unpublished) when it no longer is. Called when a committee notice is saved."""
    mirror = PublicNotice.objects.filter(source_notice=notice).first()
    if not notice.public:
        if mirror is not None and mirror.published:
            PublicNotice.objects.filter(pk=mirror.pk).update(published=False, version=F("version") + 1)
            figures_changed()
        return mirror
    fields = {
        "title": subject_fit(notice.title, PublicNotice._meta.get_field("title").max_length),
        "text": subject_fit(notice.body, PublicNotice._meta.get_field("text").max_length),
        "published": True,
        "published_at": notice.published_at,
        "created_by_id": notice.created_by_id,
    }
    if mirror is None:
        return PublicNotice.objects.create(source_notice=notice, **fields)
    # Most saves of a committee notice change nothing the public sees: those leave the copy and the cache alone.
    if any(getattr(mirror, name) != value for name, value in fields.items()):
        PublicNotice.objects.filter(pk=mirror.pk).update(**fields, version=F("version") + 1)
        figures_changed()
    return mirror


def subject_fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_talk(talk: Talk, user, expected_version: int | None = None) -> Talk:
    _require(edits_public_pages(access_for(user)), edits_public_pages)
    if talk.pk is None:
        talk.save()
        return talk
    claim(Talk, talk.pk, expected_version, **{name: getattr(talk, name) for name in TALK_FIELDS})
    figures_changed()
    return Talk.objects.get(pk=talk.pk)


@transaction.atomic
def propose(nomination: Nomination, user) -> Nomination:
    if not proposes_for(access_for(user), nomination.college_id):
        raise PublicityRoleRefused(_("Your role may not nominate for this college."))
    nomination.proposed_by = user
    nomination.status = NominationStatus.PROPOSED
    nomination.save()
    return nomination


@transaction.atomic
def update_nomination(nomination: Nomination, user, expected_version: int) -> Nomination:
    """Change a nomination's content while it waits for the committee's decision."""
    if not proposes_for(access_for(user), nomination.college_id):
        raise PublicityRoleRefused(_("Your role may not nominate for this college."))
    claim(
        Nomination.objects.filter(status=NominationStatus.PROPOSED),
        nomination.pk,
        expected_version,
        kind=nomination.kind,
        nominee=nomination.nominee,
        reasons=nomination.reasons,
    )
    return Nomination.objects.get(pk=nomination.pk)


@transaction.atomic
def decide(nomination: Nomination, user, decision: str, note: str, expected_version: int) -> Nomination:
    """The committee's decision on a nomination: approved or declined; a decision may be changed by a new one."""
    _require(decides_nominations(access_for(user)), decides_nominations)
    if decision not in {NominationStatus.APPROVED, NominationStatus.DECLINED, NominationStatus.PROPOSED}:
        raise PublicityError(_("Choose approve or decline."))
    claim(
        Nomination,
        nomination.pk,
        expected_version,
        status=decision,
        decision_note=(note or "").strip(),
        decided_by=user if decision != NominationStatus.PROPOSED else None,
        decided_at=timezone.now() if decision != NominationStatus.PROPOSED else None,
    )
    figures_changed()
    return Nomination.objects.get(pk=nomination.pk)
