"""The public site's addresses (namespace `public`).

The home school's site is mounted at the portal's root (`/` itself is gkw_portal's home view, which shows the site's
home to visitors); every other school's under `/s/<code>/` (gkw_portal.school_urls), with its home at the prefix."""

from django.urls import path

from surveys import public_urls as survey_urls
from talkroom import public_urls as talkroom_urls

from . import public_feed, public_views

app_name = "public"

pages = [
    path("news/", public_views.news_list, name="news_list"),
    path("news/<int:pk>/", public_views.news_detail, name="news_detail"),
    path("news/<int:pk>/photos/<int:photo_pk>/", public_views.news_photo, name="news_photo"),
    path("news/feed/", public_feed.feed, name="feed"),
    path("notices/", public_views.notice_list, name="notices"),
    path("notices/<int:pk>/", public_views.notice_detail, name="notice_detail"),
    path("brand-projects/", public_views.brand_projects, name="brand_projects"),
    path("talks/", public_views.talks, name="talks"),
    path("plan/", public_views.plan, name="plan"),
    path("awards/", public_views.awards, name="awards"),
    *talkroom_urls.pages,  # the 谈心屋 (talkroom.public_views)
    *survey_urls.pages,  # the surveys' answer pages (surveys.public_views)
]

urlpatterns = [path("site/", public_views.home, name="home"), *pages]

# A school's site under its prefix: `/s/<code>/` is its home (`site/` answers too, for an address written by hand).
school_urlpatterns = [path("", public_views.home, name="home"), path("site/", public_views.home), *pages]
