from django.urls import path

from . import public_views

pages = [path("survey/<int:pk>/", public_views.answer, name="survey")]
