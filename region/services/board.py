"""The exchange board: posts with their photos and files, comments, and the lead's moderation."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.files import writing_files
from core.text import nest_quotes
from core.uploads import CheckedFile
from core.versions import claim
from notifications.services import notify

from .. import access, rules
from ..models import (
    Comment,
    Post,
    PostFile,
    Region,
)
from .common import MAX_FILES, RegionError, require

# ── the exchange board ──────────────────────────────────────────────────────────────────────────────────────────


def create_post(region: Region, user, title: str, body: str, files: list[CheckedFile]) -> Post:
    require(access.posts_on(user, region), access.posts_on)
    with writing_files() as writer:
        post = Post.objects.create(
            region=region,
            author=user,
            institution_id=access.member_school(user),
            title=title,
            body=rules.normalise_text(body),
        )
        for checked in files[:MAX_FILES]:
            writer.save(PostFile(post=post), checked, user)
        readers = (
            access.region_people(region).exclude(pk=user.pk).union(access.lead_people(region).exclude(pk=user.pk))
        )
        notify(
            list(readers),
            _("New on the region board: %(title)s") % {"title": nest_quotes(title)},
            "",
            post.get_absolute_url(),
            email=False,
        )
        return post


@transaction.atomic
def add_comment(post: Post, user, body: str) -> Comment:
    require(access.posts_on(user, post.region), access.posts_on)
    if post.removed:
        raise RegionError(_("This post has been removed."))
    body = rules.normalise_text(body).strip()
    if not body:
        raise RegionError(_("The comment is empty."))
    comment = Comment.objects.create(post=post, author=user, institution_id=access.member_school(user), body=body)
    if post.author_id != user.pk:
        notify(
            [post.author],
            _("New comment on “%(title)s”") % {"title": nest_quotes(post.title)},
            "",
            post.get_absolute_url(),
            email=False,
        )
    return comment


@transaction.atomic
def moderate(
    post: Post, user, expected_version: int, *, pinned: bool | None = None, removed: bool | None = None
) -> Post:
    """The lead pins, unpins, removes or restores a post, claiming its version."""
    require(access.leads(access_for(user)), access.leads)
    changes = {}
    if pinned is not None:
        changes["pinned"] = pinned
    if removed is not None:
        changes["removed"] = removed
    claim(Post, post.pk, expected_version, **changes)
    return Post.objects.get(pk=post.pk)
