from django.urls import path

from .views import results

app_name = "surveys"

urlpatterns: list = [
    path("<int:pk>/results/", results.ResultsView.as_view(), name="results"),
    path("<int:pk>/results/text/", results.FreeTextView.as_view(), name="free_text"),
    path("<int:pk>/results/answers.xlsx", results.ExportView.as_view(), name="export"),
    path("<int:pk>/report/", results.ReportView.as_view(), name="report"),
    path("<int:pk>/report.pdf", results.ReportPdfView.as_view(), name="report_pdf"),
]
