"""The public site's addresses (namespace `public`), mounted at the portal's root; `/` itself is gkw_portal's."""

from django.urls import path

from . import public_feed, public_views

app_name = "public"

urlpatterns = [
    path("site/", public_views.home, name="home"),
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
]
