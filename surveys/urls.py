from django.urls import path

from .views import design, distribution, questions, results

app_name = "surveys"

urlpatterns = [
    path("", design.SurveyListView.as_view(), name="list"),
    path("new/", design.SurveyCreateView.as_view(), name="create"),
    path("<int:pk>/", design.SurveyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", design.SurveyEditView.as_view(), name="edit"),
    path("<int:pk>/preview/", design.PreviewView.as_view(), name="preview"),
    path("<int:pk>/status/", design.StatusView.as_view(), name="status"),
    path("<int:pk>/sections/new/", questions.SectionPage.as_view(), name="section_create"),
    path("<int:pk>/sections/<int:section>/edit/", questions.SectionPage.as_view(), name="section_edit"),
    path("<int:pk>/sections/<int:section>/delete/", questions.SectionDeleteView.as_view(), name="section_delete"),
    path("<int:pk>/sections/<int:section>/move/", questions.SectionMoveView.as_view(), name="section_move"),
    path("<int:pk>/questions/new/", questions.QuestionPage.as_view(), name="question_create"),
    path("<int:pk>/questions/<int:question>/edit/", questions.QuestionPage.as_view(), name="question_edit"),
    path("<int:pk>/questions/<int:question>/delete/", questions.QuestionDeleteView.as_view(), name="question_delete"),
    path("<int:pk>/questions/<int:question>/move/", questions.QuestionMoveView.as_view(), name="question_move"),
    path("<int:pk>/qr.svg", distribution.QrSvgView.as_view(), name="qr_svg"),
    path("<int:pk>/qr.png", distribution.QrPngView.as_view(), name="qr_png"),
    path("<int:pk>/poster/", distribution.PosterView.as_view(), name="poster"),
    path("<int:pk>/invitations/", distribution.InvitationsView.as_view(), name="invitations"),
    path("<int:pk>/invitations/codes.xlsx", distribution.CodesWorkbookView.as_view(), name="invitation_sheet"),
    path("<int:pk>/results/", results.ResultsView.as_view(), name="results"),
    path("<int:pk>/results/text/", results.FreeTextView.as_view(), name="free_text"),
    path("<int:pk>/results/answers.xlsx", results.ExportView.as_view(), name="export"),
    path("<int:pk>/report/", results.ReportView.as_view(), name="report"),
    path("<int:pk>/report.pdf", results.ReportPdfView.as_view(), name="report_pdf"),
]
