from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.BulletinListView.as_view(), name="list"),
    path("<int:pk>/", views.BulletinView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BulletinEditView.as_view(), name="edit"),
    path("<int:pk>/redraft/", views.RedraftView.as_view(), name="redraft"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/pdf/", views.BulletinPdfView.as_view(), name="pdf"),
]
