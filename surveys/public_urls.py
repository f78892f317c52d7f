"""The surveys' addresses on each school's public site: publicity.public_urls adds them to its `pages`, so that
they live in the `public` namespace and under each school's prefix like every public page."""

from django.urls import path

from . import public_views

pages = [
    path("survey/<int:pk>/", public_views.answer, name="survey"),
    path("survey/<int:pk>/thanks/", public_views.thanks, name="survey_thanks"),
]
