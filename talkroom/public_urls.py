"""The 谈心屋's addresses on each school's public site: publicity.public_urls adds them to its `pages`, so that
they live in the `public` namespace and under each school's prefix like every public page."""

from django.urls import path

from . import public_views

pages = [
    path("talk/", public_views.index, name="talk"),
    path("talk/code/", public_views.open_code, name="talk_open"),
    path("talk/thread/", public_views.thread, name="talk_thread"),
    path("talk/<slug:code>/", public_views.write, name="talk_write"),
]
