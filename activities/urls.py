from django.urls import path

from .views import evidence, exports, kinds, report_form, reports, review

app_name = "activities"

urlpatterns = [
    path("", reports.ReportListView.as_view(), name="list"),
    path("export.xlsx", exports.ReportExportView.as_view(), name="export"),
    path("exports/<int:pk>/", exports.ReportExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/status/", exports.ReportExportStatusView.as_view(), name="export_job_status"),
    path("exports/<int:pk>/file/", exports.ReportExportFileView.as_view(), name="export_job_file"),
    path("review/", review.ReviewQueueView.as_view(), name="review"),
    path("review/<int:pk>/", review.ReviewReportView.as_view(), name="review_report"),
    path("new/", report_form.ReportCreateView.as_view(), name="create"),
    path("kinds/", kinds.KindListView.as_view(), name="kinds"),
    path("kinds/new/", kinds.KindCreateView.as_view(), name="kind_create"),
    path("kinds/<int:pk>/edit/", kinds.KindUpdateView.as_view(), name="kind_edit"),
    path("<int:pk>/", reports.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", report_form.ReportUpdateView.as_view(), name="edit"),
    path("<int:pk>/print/", reports.ReportPrintView.as_view(), name="print"),
    path("<int:pk>/delete/", reports.ReportDeleteView.as_view(), name="delete"),
    path("<int:pk>/transition/", reports.TransitionView.as_view(), name="transition"),
    path("<int:pk>/evidence/", evidence.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("<int:pk>/evidence.zip", evidence.EvidenceZipView.as_view(), name="evidence_zip"),
    path("<int:pk>/evidence/<int:evidence_pk>/", evidence.EvidenceDownloadView.as_view(), name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/thumbnail/",
        evidence.EvidenceDownloadView.as_view(thumbnail=True),
        name="evidence_thumbnail",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", evidence.EvidenceDeleteView.as_view(), name="evidence_delete"),
]
