from django.urls import path

from . import views

app_name = "talkroom"

urlpatterns = [
    path("", views.ThreadListView.as_view(), name="threads"),
    path("<int:pk>/", views.ThreadView.as_view(), name="thread"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
