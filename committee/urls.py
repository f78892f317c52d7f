from django.urls import path

from .views import meetings, notices, training, unit_home, units

app_name = "committee"

urlpatterns = [
    path("notices/", notices.NoticeListView.as_view(), name="notices"),
    path("notices/new/", notices.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/", notices.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/edit/", notices.NoticeEditView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/remind/", notices.NoticeRemindView.as_view(), name="notice_remind"),
    path("notices/<int:pk>/files/", notices.NoticeFilesView.as_view(), name="notice_files"),
    path("notices/<int:pk>/files/<int:file_pk>/", notices.NoticeFileView.as_view(), name="notice_file"),
    path("notices/<int:pk>/read/", notices.NoticeReadView.as_view(), name="notice_read"),
    path("notices/<int:pk>/reply/", notices.NoticeReplyView.as_view(), name="notice_reply"),
    path("notices/<int:pk>/replies/<int:file_pk>/", notices.ReplyFileView.as_view(), name="reply_file"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/files/", meetings.MeetingFilesView.as_view(), name="meeting_files"),
    path("meetings/<int:pk>/files/<int:file_pk>/", meetings.MeetingFileView.as_view(), name="meeting_file"),
    path("meetings/<int:pk>/decisions/new/", meetings.DecisionCreateView.as_view(), name="decision_create"),
    path("tasks/", meetings.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:pk>/done/", meetings.TaskDoneView.as_view(), name="task_done"),
    path("training/", training.TrainingListView.as_view(), name="trainings"),
    path("training/new/", training.TrainingCreateView.as_view(), name="training_create"),
    path("training/<int:pk>/", training.TrainingDetailView.as_view(), name="training"),
    path("training/<int:pk>/edit/", training.TrainingEditView.as_view(), name="training_edit"),
    path("training/<int:pk>/sessions/new/", training.SessionCreateView.as_view(), name="session_create"),
    path("training/sessions/<int:pk>/attendance/", training.AttendanceView.as_view(), name="attendance"),
    path("training/colleges/<str:code>/", training.CollegeTrainingView.as_view(), name="college_training"),
    path("units/<year:year>/", units.RatingsView.as_view(), name="units"),
    path("units/<year:year>/export.xlsx", units.RatingsExportView.as_view(), name="units_export"),
    path("units/<year:year>/<int:unit>/", units.UnitDetailView.as_view(), name="unit"),
    path("units/<year:year>/<int:unit>/report/", units.UnitReportEditView.as_view(), name="unit_report"),
    path("units/<year:year>/<int:unit>/transition/", units.UnitTransitionView.as_view(), name="unit_transition"),
    path("units/<year:year>/<int:unit>/rate/", units.UnitRateView.as_view(), name="unit_rate"),
    path("units/<year:year>/<int:unit>/files/", units.UnitFilesView.as_view(), name="unit_files"),
    path("units/<year:year>/<int:unit>/files/<int:file_pk>/", units.UnitFileView.as_view(), name="unit_file"),
    path(
        "units/<year:year>/<int:unit>/files/<int:file_pk>/delete/",
        units.UnitFileDeleteView.as_view(),
        name="unit_file_delete",
    ),
    path("unit/", unit_home.UnitHomeView.as_view(), name="unit_home"),
]
