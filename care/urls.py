from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("mine/", views.ElderHomeView.as_view(), name="mine"),
    path("needs/", views.NeedListView.as_view(), name="needs"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need"),
    path("needs/<int:pk>/edit/", views.NeedUpdateView.as_view(), name="need_edit"),
    path("needs/<int:pk>/notes/", views.NeedNotesView.as_view(), name="need_notes"),
    path("needs/<int:pk>/match/", views.MatchView.as_view(), name="match"),
    path("pairs/<int:pk>/", views.PairDetailView.as_view(), name="pair"),
    path("pairs/<int:pk>/action/", views.PairActionView.as_view(), name="pair_action"),
    path("pairs/<int:pk>/close/", views.PairCloseView.as_view(), name="pair_close"),
    path("pairs/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("offers/", views.OfferListView.as_view(), name="offers"),
    path("offers/new/", views.OfferCreateView.as_view(), name="offer_create"),
    path("offers/<int:pk>/edit/", views.OfferUpdateView.as_view(), name="offer_edit"),
    path("material/", views.MaterialListView.as_view(), name="material"),
    path("material/new/", views.MaterialCreateView.as_view(), name="material_create"),
    path("month-report/", views.MonthReportView.as_view(), name="month_report"),
    path("month-report/<int:pk>/link/", views.LinkEvidenceView.as_view(), name="link_evidence"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programmes"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/pairs/new/", views.MentorshipCreateView.as_view(), name="mentorship_create"),
    path("mentoring/<int:pk>/", views.MentorshipDetailView.as_view(), name="mentorship"),
    path("mentoring/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("mentoring/<int:pk>/evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("privacy/reads/", views.ReadLogView.as_view(), name="read_log"),
]
