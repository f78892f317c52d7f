"""The exchange board: the posts of a region, a new post, a post with its comments, moderation and files."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import View

from core.views import ActionView, FormPage

from .. import access, services
from ..forms import CommentForm, ModerateForm, PostForm
from .base import LeadsRegion, OnPost, OnRegion, RegionPage, RegionView


class BoardView(OnRegion, RegionPage):
    template_name = "region/board.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            region=self.region,
            posts=access.visible_posts(self.request.user).filter(region=self.region),
            can_post=access.posts_on(self.request.user, self.region),
            **kwargs,
        )


class PostCreateView(OnRegion, RegionView, FormPage):
    template_name = "region/post_form.html"
    form_class = PostForm
    page_title = pgettext_lazy("page", "New post")
    success_message = gettext_lazy("Your post is on the board.")

    def has_permission(self):
        return access.posts_on(self.request.user, self.region)

    def get_cancel_url(self):
        return reverse("region:board", args=[self.region.pk])

    def perform(self, form):
        data = form.cleaned_data
        return services.create_post(self.region, self.request.user, data["title"], data["body"], data["files"] or [])


class PostView(OnPost, RegionView, FormPage):
    """A post and its comments; the people who post on the board comment."""

    template_name = "region/post_detail.html"
    form_class = CommentForm

    def has_permission(self):
        return self.request.method != "POST" or access.posts_on(self.request.user, self.post_.region)

    def get_context_data(self, **kwargs):
        post = self.post_
        context = super().get_context_data(
            post=post, files=post.files.all(), comments=post.comments.select_related("author", "institution"), **kwargs
        )
        if not access.posts_on(self.request.user, post.region):
            context["form"] = None
        return context

    def perform(self, form):
        return services.add_comment(self.post_, self.request.user, form.cleaned_data["body"])

    def get_success_url(self):
        return self.post_.get_absolute_url()


class PostModerateView(OnPost, LeadsRegion, ActionView):
    form_class = ModerateForm

    def perform(self, form):
        return services.moderate(self.post_, self.request.user, form.cleaned_data["version"], **form.changes())

    def get_success_url(self):
        return reverse("region:board", args=[self.post_.region_id])


class PostFileView(OnPost, RegionView, View):
    def get(self, request, pk, file_pk):
        return get_object_or_404(self.post_.files, pk=file_pk).serve()
