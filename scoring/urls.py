from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.LatestView.as_view(), name="latest"),
    path("<year:year>/", views.SchoolView.as_view(), name="school"),
    path("<year:year>/scheme/", views.SchemeView.as_view(), name="scheme"),
    path("<year:year>/scheme/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path("<year:year>/scheme/copy/", views.SchemeCopyView.as_view(), name="scheme_copy"),
    path("<year:year>/import/", views.ImportView.as_view(), name="import"),
    path("<year:year>/import/template/", views.ImportTemplateView.as_view(), name="import_template"),
    path("<year:year>/colleges/<slug:code>/", views.AssessmentView.as_view(), name="assessment"),
    path("<year:year>/colleges/<slug:code>/self/", views.ScoresEditView.as_view(), name="self_assess"),
    path(
        "<year:year>/colleges/<slug:code>/review/",
        views.ScoresEditView.as_view(field="final_score"),
        name="review",
    ),
    path("<year:year>/colleges/<slug:code>/transition/", views.AssessmentTransitionView.as_view(), name="transition"),
    path("<year:year>/colleges/<slug:code>/what-if/", views.WhatIfView.as_view(), name="what_if"),
    path("<year:year>/colleges/<slug:code>/documents/", views.DocumentUploadView.as_view(), name="document_upload"),
    path(
        "<year:year>/colleges/<slug:code>/documents/<int:document_pk>/",
        views.DocumentDownloadView.as_view(),
        name="document",
    ),
]
