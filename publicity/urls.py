from django.urls import path

from .views import archive, awards, news, notices, talks

app_name = "publicity"

urlpatterns = [
    path("news/", news.NewsListView.as_view(), name="news_list"),
    path("news/reports/", news.ChooseReportView.as_view(), name="choose_report"),
    path("news/reports/<int:report_pk>/new/", news.NewsCreateView.as_view(), name="news_create"),
    path("news/photos/<int:pk>/", news.ReportPhotoView.as_view(), name="report_photo"),
    path("news/<int:pk>/", news.NewsDetailView.as_view(), name="news_detail"),
    path("news/<int:pk>/edit/", news.NewsUpdateView.as_view(), name="news_edit"),
    path("news/<int:pk>/transition/", news.NewsTransitionView.as_view(), name="news_transition"),
    path("notices/", notices.NoticeListView.as_view(), name="notices"),
    path("notices/new/", notices.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/edit/", notices.NoticeUpdateView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/publish/", notices.NoticePublishView.as_view(), name="notice_publish"),
    path("talks/", talks.TalkListView.as_view(), name="talks"),
    path("talks/new/", talks.TalkCreateView.as_view(), name="talk_create"),
    path("talks/<int:pk>/edit/", talks.TalkUpdateView.as_view(), name="talk_edit"),
    path("awards/<year:year>/", awards.NominationListView.as_view(), name="nominations"),
    path("awards/<year:year>/new/", awards.NominationCreateView.as_view(), name="nomination_create"),
    path("awards/nominations/<int:pk>/edit/", awards.NominationUpdateView.as_view(), name="nomination_edit"),
    path("awards/nominations/<int:pk>/decide/", awards.NominationDecideView.as_view(), name="nomination_decide"),
    path("archive/<year:year>/", archive.ArchiveView.as_view(), name="archive"),
    path("archive/<year:year>/check/", archive.ArchiveCheckView.as_view(), name="archive_check"),
    path("archive/builds/<int:pk>/status/", archive.ArchiveStatusView.as_view(), name="archive_status"),
    path("archive/builds/<int:pk>/file/", archive.ArchiveFileView.as_view(), name="archive_file"),
]
