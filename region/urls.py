from django.urls import path

from .views import applications, board, exports, meetings, regions, review

app_name = "region"

urlpatterns = [
    path("", regions.HomeView.as_view(), name="home"),
    path("<int:pk>/", regions.RegionDetailView.as_view(), name="region"),
    path("<int:pk>/applications/open/", regions.OpenApplicationsView.as_view(), name="open_applications"),
    path("<int:pk>/edit/", regions.RegionEditView.as_view(), name="region_edit"),
    path("<int:pk>/scheme/", regions.SchemeView.as_view(), name="scheme"),
    path("<int:pk>/scheme/edit/", regions.SchemeEditView.as_view(), name="scheme_edit"),
    path("indicator/<int:pk>/edit/", regions.IndicatorEditView.as_view(), name="indicator_edit"),
    path("application/<int:pk>/", applications.ApplicationView.as_view(), name="application"),
    path("application/<int:pk>/edit/", applications.ApplicationEditView.as_view(), name="application_edit"),
    path("application/<int:pk>/act/", applications.ApplicationActionView.as_view(), name="application_action"),
    path("application/<int:pk>/files/", applications.ApplicationUploadView.as_view(), name="application_upload"),
    path(
        "application/<int:pk>/files/<int:file_pk>/",
        applications.ApplicationFileView.as_view(),
        name="application_file",
    ),
    path(
        "application/<int:pk>/files/<int:file_pk>/delete/",
        applications.ApplicationFileDeleteView.as_view(),
        name="application_file_delete",
    ),
    path("application/<int:pk>/result/", applications.ResultView.as_view(), name="result"),
    path("<int:pk>/round/", review.RoundView.as_view(), name="round"),
    path("<int:pk>/round/open/", review.RoundOpenView.as_view(), name="round_open"),
    path("review/<int:pk>/", review.ReviewView.as_view(), name="review"),
    path("review/<int:pk>/files/<int:file_pk>/", review.ReviewFileView.as_view(), name="review_file"),
    path("review/<int:pk>/reassign/", review.ReassignView.as_view(), name="reassign"),
    path("<int:pk>/summary/", exports.ExportRequestView.as_view(), name="export_request"),
    path("summary/<int:pk>/status/", exports.ExportStatusView.as_view(), name="export_status"),
    path("summary/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
    path("<int:pk>/work-report/", exports.WorkReportView.as_view(), name="work_report"),
    path("<int:pk>/work-report/download/", exports.WorkReportDownloadView.as_view(), name="work_report_download"),
    path("<int:pk>/meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("<int:pk>/meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting_new"),
    path("meeting/<int:pk>/", meetings.MeetingView.as_view(), name="meeting"),
    path("meeting/<int:pk>/edit/", meetings.MeetingEditView.as_view(), name="meeting_edit"),
    path("meeting/<int:pk>/attendance/", meetings.MeetingAttendanceView.as_view(), name="meeting_attendance"),
    path("meeting/<int:pk>/files/", meetings.MeetingUploadView.as_view(), name="meeting_upload"),
    path("meeting/<int:pk>/files/<int:file_pk>/", meetings.MeetingFileView.as_view(), name="meeting_file"),
    path("<int:pk>/board/", board.BoardView.as_view(), name="board"),
    path("<int:pk>/board/new/", board.PostCreateView.as_view(), name="post_new"),
    path("post/<int:pk>/", board.PostView.as_view(), name="post"),
    path("post/<int:pk>/moderate/", board.PostModerateView.as_view(), name="post_moderate"),
    path("post/<int:pk>/files/<int:file_pk>/", board.PostFileView.as_view(), name="post_file"),
]
