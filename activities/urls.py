from django.urls import path

from . import review_views, views

app_name = "activities"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("export.xlsx", views.ReportExportView.as_view(), name="export"),
    path("exports/<int:pk>/", views.ReportExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/status/", views.ReportExportStatusView.as_view(), name="export_job_status"),
    path("exports/<int:pk>/file/", views.ReportExportFileView.as_view(), name="export_job_file"),
    path("review/", review_views.ReviewQueueView.as_view(), name="review"),
    path("review/<int:pk>/", review_views.ReviewReportView.as_view(), name="review_report"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("kinds/", views.KindListView.as_view(), name="kinds"),
    path("kinds/new/", views.KindCreateView.as_view(), name="kind_create"),
    path("kinds/<int:pk>/edit/", views.KindUpdateView.as_view(), name="kind_edit"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ReportUpdateView.as_view(), name="edit"),
    path("<int:pk>/print/", views.ReportPrintView.as_view(), name="print"),
    path("<int:pk>/delete/", views.ReportDeleteView.as_view(), name="delete"),
    path("<int:pk>/transition/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/evidence/", views.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("<int:pk>/evidence.zip", views.EvidenceZipView.as_view(), name="evidence_zip"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/thumbnail/",
        views.EvidenceDownloadView.as_view(thumbnail=True),
        name="evidence_thumbnail",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
]
