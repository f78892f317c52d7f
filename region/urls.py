from django.urls import path

from . import views

app_name = "region"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:pk>/", views.RegionDetailView.as_view(), name="region"),
    path("<int:pk>/applications/open/", views.OpenApplicationsView.as_view(), name="open_applications"),
    path("<int:pk>/edit/", views.RegionEditView.as_view(), name="region_edit"),
    path("<int:pk>/scheme/", views.SchemeView.as_view(), name="scheme"),
    path("<int:pk>/scheme/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path("indicator/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("application/<int:pk>/", views.ApplicationView.as_view(), name="application"),
    path("application/<int:pk>/edit/", views.ApplicationEditView.as_view(), name="application_edit"),
    path("application/<int:pk>/act/", views.ApplicationActionView.as_view(), name="application_action"),
    path("application/<int:pk>/files/", views.ApplicationUploadView.as_view(), name="application_upload"),
    path("application/<int:pk>/files/<int:file_pk>/", views.ApplicationFileView.as_view(), name="application_file"),
    path(
        "application/<int:pk>/files/<int:file_pk>/delete/",
        views.ApplicationFileDeleteView.as_view(),
        name="application_file_delete",
    ),
    path("application/<int:pk>/result/", views.ResultView.as_view(), name="result"),
    path("<int:pk>/round/", views.RoundView.as_view(), name="round"),
    path("<int:pk>/round/open/", views.RoundOpenView.as_view(), name="round_open"),
    path("review/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("review/<int:pk>/files/<int:file_pk>/", views.ReviewFileView.as_view(), name="review_file"),
    path("review/<int:pk>/reassign/", views.ReassignView.as_view(), name="reassign"),
    path("<int:pk>/summary/", views.ExportRequestView.as_view(), name="export_request"),
    path("summary/<int:pk>/status/", views.ExportStatusView.as_view(), name="export_status"),
    path("summary/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("<int:pk>/work-report/", views.WorkReportView.as_view(), name="work_report"),
    path("<int:pk>/work-report/download/", views.WorkReportDownloadView.as_view(), name="work_report_download"),
    path("<int:pk>/meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_new"),
    path("meeting/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("meeting/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meeting/<int:pk>/attendance/", views.MeetingAttendanceView.as_view(), name="meeting_attendance"),
    path("meeting/<int:pk>/files/", views.MeetingUploadView.as_view(), name="meeting_upload"),
    path("meeting/<int:pk>/files/<int:file_pk>/", views.MeetingFileView.as_view(), name="meeting_file"),
    path("<int:pk>/board/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/board/new/", views.PostCreateView.as_view(), name="post_new"),
    path("post/<int:pk>/", views.PostView.as_view(), name="post"),
    path("post/<int:pk>/moderate/", views.PostModerateView.as_view(), name="post_moderate"),
    path("post/<int:pk>/files/<int:file_pk>/", views.PostFileView.as_view(), name="post_file"),
]
