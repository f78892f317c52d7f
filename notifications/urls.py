from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read/", views.MarkReadView.as_view(), name="read_all"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("system/", views.SystemView.as_view(), name="system"),
    path("settings/", views.MySettingsView.as_view(), name="settings"),
    path("settings/confirm/<str:token>/", views.ConfirmEmailView.as_view(), name="confirm_email"),
    path("groups/", views.GroupWebhookListView.as_view(), name="groups"),
    path("groups/new/", views.GroupWebhookCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/edit/", views.GroupWebhookEditView.as_view(), name="group_edit"),
    path("groups/<int:pk>/<slug:action>/", views.GroupWebhookActionView.as_view(), name="group_action"),
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:pk>/", views.OutboxEmailView.as_view(), name="outbox_email"),
    path("outbox/<int:pk>/html/", views.OutboxEmailHtmlView.as_view(), name="outbox_email_html"),
]
