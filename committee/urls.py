from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/new/", views.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/remind/", views.NoticeRemindView.as_view(), name="notice_remind"),
    path("notices/<int:pk>/files/", views.NoticeFilesView.as_view(), name="notice_files"),
    path("notices/<int:pk>/files/<int:file_pk>/", views.NoticeFileView.as_view(), name="notice_file"),
    path("notices/<int:pk>/reply/", views.NoticeReplyView.as_view(), name="notice_reply"),
    path("notices/<int:pk>/replies/<int:file_pk>/", views.ReplyFileView.as_view(), name="reply_file"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/files/", views.MeetingFilesView.as_view(), name="meeting_files"),
    path("meetings/<int:pk>/files/<int:file_pk>/", views.MeetingFileView.as_view(), name="meeting_file"),
    path("meetings/<int:pk>/decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:pk>/done/", views.TaskDoneView.as_view(), name="task_done"),
    path("training/", views.TrainingListView.as_view(), name="trainings"),
    path("training/new/", views.TrainingCreateView.as_view(), name="training_create"),
    path("training/<int:pk>/", views.TrainingDetailView.as_view(), name="training"),
    path("training/<int:pk>/edit/", views.TrainingEditView.as_view(), name="training_edit"),
    path("training/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("training/sessions/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("training/colleges/<str:code>/", views.CollegeTrainingView.as_view(), name="college_training"),
    path("units/<year:year>/", views.RatingsView.as_view(), name="units"),
    path("units/<year:year>/export.xlsx", views.RatingsExportView.as_view(), name="units_export"),
    path("units/<year:year>/<int:unit>/", views.UnitDetailView.as_view(), name="unit"),
    path("units/<year:year>/<int:unit>/report/", views.UnitReportEditView.as_view(), name="unit_report"),
    path("units/<year:year>/<int:unit>/transition/", views.UnitTransitionView.as_view(), name="unit_transition"),
    path("units/<year:year>/<int:unit>/rate/", views.UnitRateView.as_view(), name="unit_rate"),
    path("units/<year:year>/<int:unit>/files/", views.UnitFilesView.as_view(), name="unit_files"),
    path("units/<year:year>/<int:unit>/files/<int:file_pk>/", views.UnitFileView.as_view(), name="unit_file"),
    path(
        "units/<year:year>/<int:unit>/files/<int:file_pk>/delete/",
        views.UnitFileDeleteView.as_view(),
        name="unit_file_delete",
    ),
    path("unit/", views.UnitHomeView.as_view(), name="unit_home"),
]
