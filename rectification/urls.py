from django.urls import path

from . import views

app_name = "rectification"

urlpatterns = [
    path("", views.ItemListView.as_view(), name="list"),
    path("<int:pk>/", views.ItemView.as_view(), name="item"),
    path("<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/progress/", views.NoteView.as_view(), name="note"),
    path("<int:pk>/act/", views.TransitionView.as_view(), name="act"),
    path("<int:pk>/files/<int:file_pk>/", views.FileView.as_view(), name="file"),
    path("new/<year:year>/<slug:code>/", views.ChooseView.as_view(), name="choose"),
    path("export/<year:year>/", views.ExportView.as_view(), name="export"),
]
