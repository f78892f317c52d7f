from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.LatestView.as_view(), name="latest"),
    path("<year:year>/", views.DashboardView.as_view(), name="year"),
    path("<year:year>/colleges/<slug:code>/", views.CollegeDashboardView.as_view(), name="college"),
    path("<year:year>/downloads/", views.DownloadsView.as_view(), name="downloads"),
    path("exports/<int:pk>/status/", views.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:pk>/file/", views.ExportFileView.as_view(), name="export_file"),
]
