from django.urls import path

from .views import assessment, documents, imports, scheme, school, scores

app_name = "scoring"

urlpatterns = [
    path("", school.LatestView.as_view(), name="latest"),
    path("<year:year>/", school.SchoolView.as_view(), name="school"),
    path("<year:year>/scheme/", scheme.SchemeView.as_view(), name="scheme"),
    path("<year:year>/scheme/edit/", scheme.SchemeEditView.as_view(), name="scheme_edit"),
    path("<year:year>/scheme/copy/", scheme.SchemeCopyView.as_view(), name="scheme_copy"),
    path("<year:year>/import/", imports.ImportView.as_view(), name="import"),
    path("<year:year>/import/template/", imports.ImportTemplateView.as_view(), name="import_template"),
    path("<year:year>/colleges/<slug:code>/", assessment.AssessmentView.as_view(), name="assessment"),
    path("<year:year>/colleges/<slug:code>/self/", scores.ScoresEditView.as_view(), name="self_assess"),
    path(
        "<year:year>/colleges/<slug:code>/review/",
        scores.ScoresEditView.as_view(field="final_score"),
        name="review",
    ),
    path(
        "<year:year>/colleges/<slug:code>/transition/",
        assessment.AssessmentTransitionView.as_view(),
        name="transition",
    ),
    path("<year:year>/colleges/<slug:code>/what-if/", assessment.WhatIfView.as_view(), name="what_if"),
    path(
        "<year:year>/colleges/<slug:code>/documents/",
        documents.DocumentUploadView.as_view(),
        name="document_upload",
    ),
    path(
        "<year:year>/colleges/<slug:code>/documents/<int:document_pk>/",
        documents.DocumentDownloadView.as_view(),
        name="document",
    ),
]
