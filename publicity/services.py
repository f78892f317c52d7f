"""Every write of publicity: news items and their workflow, public notices, talks and award nominations.

Each write claims the row's version in the UPDATE that changes it, so that of two people acting on the same
version exactly one wins and the other is told what happened; news items leave a NewsEvent.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import ActivityReport, Evidence, EvidenceKind
from activities.models import Status as ReportStatus
from colleges.access import access_for, reviews
from colleges.models import Role
from core.cache import figures_changed
from core.text import nest_quotes
from notifications.services import notify, notify_role, users_with_role

from . import workflow
from .access import proposes_for, writes_news
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


class PublicityError(Exception):
    """The write was refused; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _refuse(message: str):
    raise PublicityError(message)


def _stale(model, pk: int, status_label=None) -> PublicityError:
    row = model.objects.filter(pk=pk).first()
    if row is None:
        return PublicityError(_("This item no longer exists."))
    if status_label is not None:
        return PublicityError(
            _(
                "Someone else changed this item a moment ago (it is now “%(status)s”). Your action was not applied; "
                "the page shows the item as it is now."
            )
            % {"status": status_label(row)}
        )
    return PublicityError(
        _("Someone else changed this item a moment ago. Your change was not applied; the page shows it as it is now.")
    )


def _news_stale(pk: int) -> PublicityError:
    return _stale(NewsItem, pk, lambda row: row.get_status_display())


def _check_photos(report: ActivityReport, photos: list[Evidence], consented: list[Evidence]) -> None:
    photo_ids = {p.pk for p in photos}
    if any(p.report_id != report.pk or p.kind != EvidenceKind.PHOTO for p in photos):
        _refuse(_("Only photos of the item's own report can be chosen."))
    if any(c.pk not in photo_ids for c in consented):
        _refuse(_("Consent can only be recorded for a photo that is chosen."))


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
        _refuse(_("Your role may not write news for this college."))
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.APPROVED:
        _refuse(_("Only an approved activity report can become a news item."))
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
    if not workflow.can_edit(news.status, access, news.college_id):
        _refuse(_("This news item cannot be edited in its current state."))
    photos, consented = list(photos), list(consented)
    _check_photos(news.report, photos, consented)
    claimed = NewsItem.objects.filter(
        pk=news.pk, version=expected_version, status=news.status, status__in=workflow.EDITABLE_STATUSES
    ).update(title=title, text=text, version=F("version") + 1, updated_at=timezone.now())
    if not claimed:
        raise _news_stale(news.pk)
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
    if news.version != expected_version:
        raise _news_stale(news.pk)
    if not workflow.can_transition(action, news.status, access, news.college_id):
        _refuse(_("This action is not available for this news item."))
    rule = workflow.TRANSITIONS[action]
    if rule.needs_comment and not comment:
        _refuse(_("Please give a reason, so that the correspondent knows what to change."))
    if action == NewsAction.PUBLISH and news.report.status != ReportStatus.APPROVED:
        _refuse(_("The activity report behind this item is no longer approved; it cannot be published."))
    changes = {"status": rule.target, "version": F("version") + 1, "updated_at": timezone.now()}
    if action == NewsAction.PUBLISH:
        changes["published_at"] = timezone.now()
        changes["return_reason"] = ""
    elif action in (NewsAction.RETURN, NewsAction.RETRACT):
        changes["return_reason"] = comment
    claimed = NewsItem.objects.filter(pk=news.pk, version=expected_version, status__in=rule.sources).update(**changes)
    if not claimed:
        raise _news_stale(news.pk)
    NewsEvent.objects.create(
        news=news, actor=user, action=action, from_status=news.status, to_status=rule.target, comment=comment
    )
    figures_changed()  # the public pages are cached on the figures' generation
    _tell(news, action, comment)
    return NewsItem.objects.get(pk=news.pk)


def _tell(news: NewsItem, action: str, comment: str) -> None:
    """Staff hear of an item waiting for them; the college's correspondents of what staff decided."""
    title = nest_quotes(news.title)
    link = news.get_absolute_url()
    if action == NewsAction.SUBMIT:
        notify_role(Role.STAFF, _("News item “%(title)s” waits for publication") % {"title": title}, "", link)
        return
    messages = {
        NewsAction.PUBLISH: _("Your news item “%(title)s” is on the public site"),
        NewsAction.RETURN: _("Your news item “%(title)s” was returned"),
        NewsAction.RETRACT: _("Your news item “%(title)s” was taken off the public site"),
    }
    body = _("Reason: %(reason)s") % {"reason": comment} if comment else ""
    notify(users_with_role(Role.CORRESPONDENT, news.college), messages[action] % {"title": title}, body, link)


def _require_staff(user) -> None:
    if not reviews(access_for(user)):
        _refuse(_("Your role may not change this."))


@transaction.atomic
def save_notice(notice: PublicNotice, user, expected_version: int | None = None) -> PublicNotice:
    """Create (`expected_version` None) or save the edited notice, claiming its version."""
    _require_staff(user)
    if notice.pk is None:
        notice.created_by = user
        notice.save()
        return notice
    claimed = PublicNotice.objects.filter(pk=notice.pk, version=expected_version).update(
        title=notice.title, text=notice.text, version=F("version") + 1
    )
    if not claimed:
        raise _stale(PublicNotice, notice.pk)
    figures_changed()
    return PublicNotice.objects.get(pk=notice.pk)


@transaction.atomic
def set_notice_published(notice: PublicNotice, user, published: bool, expected_version: int) -> PublicNotice:
    _require_staff(user)
    changes = {"published": published, "version": F("version") + 1}
    if published:
        changes["published_at"] = timezone.now()
    claimed = PublicNotice.objects.filter(pk=notice.pk, version=expected_version, published=not published).update(
        **changes
    )
    if not claimed:
        raise _stale(PublicNotice, notice.pk)
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
    _require_staff(user)
    if talk.pk is None:
        talk.save()
        return talk
    claimed = Talk.objects.filter(pk=talk.pk, version=expected_version).update(
        **{name: getattr(talk, name) for name in TALK_FIELDS}, version=F("version") + 1
    )
    if not claimed:
        raise _stale(Talk, talk.pk)
    figures_changed()
    return Talk.objects.get(pk=talk.pk)


@transaction.atomic
def propose(nomination: Nomination, user) -> Nomination:
    if not proposes_for(access_for(user), nomination.college_id):
        _refuse(_("Your role may not nominate for this college."))
    nomination.proposed_by = user
    nomination.status = NominationStatus.PROPOSED
    nomination.save()
    return nomination


@transaction.atomic
def update_nomination(nomination: Nomination, user, expected_version: int) -> Nomination:
    """Change a nomination's content while it waits for the committee's decision."""
    if not proposes_for(access_for(user), nomination.college_id):
        _refuse(_("Your role may not nominate for this college."))
    claimed = Nomination.objects.filter(
        pk=nomination.pk, version=expected_version, status=NominationStatus.PROPOSED
    ).update(
        kind=nomination.kind,
        nominee=nomination.nominee,
        reasons=nomination.reasons,
        version=F("version") + 1,
    )
    if not claimed:
        raise _stale(Nomination, nomination.pk, lambda row: row.get_status_display())
    return Nomination.objects.get(pk=nomination.pk)


@transaction.atomic
def decide(nomination: Nomination, user, decision: str, note: str, expected_version: int) -> Nomination:
    """The committee's decision on a nomination: approved or declined; a decision may be changed by a new one."""
    _require_staff(user)
    if decision not in {NominationStatus.APPROVED, NominationStatus.DECLINED, NominationStatus.PROPOSED}:
        _refuse(_("Choose approve or decline."))
    claimed = Nomination.objects.filter(pk=nomination.pk, version=expected_version).update(
        status=decision,
        decision_note=(note or "").strip(),
        decided_by=user if decision != NominationStatus.PROPOSED else None,
        decided_at=timezone.now() if decision != NominationStatus.PROPOSED else None,
        version=F("version") + 1,
    )
    if not claimed:
        raise _stale(Nomination, nomination.pk, lambda row: row.get_status_display())
    figures_changed()
    return Nomination.objects.get(pk=nomination.pk)
