from django.urls import path

from . import views

app_name = "province"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("<year:year>/", views.OverviewView.as_view(), name="year"),
    path("<year:year>/schools.xlsx", views.OverviewExportView.as_view(), name="export"),
    path("read-school/", views.ReadSchoolView.as_view(), name="read_school"),
]
