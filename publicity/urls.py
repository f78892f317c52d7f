from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("news/reports/", views.ChooseReportView.as_view(), name="choose_report"),
    path("news/reports/<int:report_pk>/new/", views.NewsCreateView.as_view(), name="news_create"),
    path("news/photos/<int:pk>/", views.ReportPhotoView.as_view(), name="report_photo"),
    path("news/<int:pk>/", views.NewsDetailView.as_view(), name="news_detail"),
    path("news/<int:pk>/edit/", views.NewsUpdateView.as_view(), name="news_edit"),
    path("news/<int:pk>/transition/", views.NewsTransitionView.as_view(), name="news_transition"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/new/", views.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/edit/", views.NoticeUpdateView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/publish/", views.NoticePublishView.as_view(), name="notice_publish"),
    path("talks/", views.TalkListView.as_view(), name="talks"),
    path("talks/new/", views.TalkCreateView.as_view(), name="talk_create"),
    path("talks/<int:pk>/edit/", views.TalkUpdateView.as_view(), name="talk_edit"),
    path("awards/<year:year>/", views.NominationListView.as_view(), name="nominations"),
    path("awards/<year:year>/new/", views.NominationCreateView.as_view(), name="nomination_create"),
    path("awards/nominations/<int:pk>/edit/", views.NominationUpdateView.as_view(), name="nomination_edit"),
    path("awards/nominations/<int:pk>/decide/", views.NominationDecideView.as_view(), name="nomination_decide"),
    path("archive/<year:year>/", views.ArchiveView.as_view(), name="archive"),
    path("archive/builds/<int:pk>/status/", views.ArchiveStatusView.as_view(), name="archive_status"),
    path("archive/builds/<int:pk>/file/", views.ArchiveFileView.as_view(), name="archive_file"),
]
