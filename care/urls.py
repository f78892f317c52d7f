from django.urls import path

from .views import elder, elder_logs, material, mentoring, month_report, needs, offers, pairs, records

app_name = "care"

urlpatterns = [
    path("", needs.OverviewView.as_view(), name="overview"),
    path("export.xlsx", records.ExportView.as_view(), name="export"),
    path("mine/", elder.ElderHomeView.as_view(), name="mine"),
    path("mine/pairs/<int:pk>/sessions/new/", elder.ElderSessionCreateView.as_view(), name="elder_session_create"),
    path("mine/mentoring/<int:pk>/meetings/new/", elder.ElderMeetingCreateView.as_view(), name="elder_meeting_create"),
    path("mine/sessions/<int:pk>/", elder.ElderSessionResendView.as_view(), name="elder_session_resend"),
    path("mine/meetings/<int:pk>/", elder.ElderMeetingResendView.as_view(), name="elder_meeting_resend"),
    path("pending/", elder_logs.PendingLogsView.as_view(), name="pending"),
    path("pending/sessions/<int:pk>/", elder_logs.SessionReviewView.as_view(), name="session_review"),
    path("pending/meetings/<int:pk>/", elder_logs.MeetingReviewView.as_view(), name="meeting_review"),
    path("needs/", needs.NeedListView.as_view(), name="needs"),
    path("needs/new/", needs.NeedCreateView.as_view(), name="need_create"),
    path("needs/<int:pk>/", needs.NeedDetailView.as_view(), name="need"),
    path("needs/<int:pk>/edit/", needs.NeedUpdateView.as_view(), name="need_edit"),
    path("needs/<int:pk>/notes/", needs.NeedNotesView.as_view(), name="need_notes"),
    path("needs/<int:pk>/match/", needs.MatchView.as_view(), name="match"),
    path("pairs/<int:pk>/", pairs.PairDetailView.as_view(), name="pair"),
    path("pairs/<int:pk>/action/", pairs.PairActionView.as_view(), name="pair_action"),
    path("pairs/<int:pk>/close/", pairs.PairCloseView.as_view(), name="pair_close"),
    path("pairs/<int:pk>/sessions/new/", pairs.SessionCreateView.as_view(), name="session_create"),
    path("offers/", offers.OfferListView.as_view(), name="offers"),
    path("offers/new/", offers.OfferCreateView.as_view(), name="offer_create"),
    path("offers/<int:pk>/edit/", offers.OfferUpdateView.as_view(), name="offer_edit"),
    path("material/", material.MaterialListView.as_view(), name="material"),
    path("material/new/", material.MaterialCreateView.as_view(), name="material_create"),
    path("month-report/", month_report.MonthReportView.as_view(), name="month_report"),
    path("month-report/<int:pk>/link/", month_report.LinkEvidenceView.as_view(), name="link_evidence"),
    path("programmes/", mentoring.ProgrammeListView.as_view(), name="programmes"),
    path("programmes/new/", mentoring.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", mentoring.ProgrammeDetailView.as_view(), name="programme"),
    path("programmes/<int:pk>/edit/", mentoring.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/pairs/new/", mentoring.MentorshipCreateView.as_view(), name="mentorship_create"),
    path("mentoring/<int:pk>/", mentoring.MentorshipDetailView.as_view(), name="mentorship"),
    path("mentoring/<int:pk>/meetings/new/", mentoring.MeetingCreateView.as_view(), name="meeting_create"),
    path("mentoring/<int:pk>/evaluate/", mentoring.EvaluateView.as_view(), name="evaluate"),
    path("privacy/reads/", records.ReadLogView.as_view(), name="read_log"),
]
