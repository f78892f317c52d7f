from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("<year:year>/", views.PlanDetailView.as_view(), name="detail"),
    path("<year:year>/edit/", views.PlanUpdateView.as_view(), name="edit"),
    path("<year:year>/copy/", views.PlanCopyView.as_view(), name="copy"),
    path("<year:year>/sections/<int:number>/edit/", views.SectionUpdateView.as_view(), name="section_edit"),
    path("<year:year>/points/<point:code>/", views.WorkPointDetailView.as_view(), name="work_point"),
    path("<year:year>/points/<point:code>/edit/", views.WorkPointUpdateView.as_view(), name="work_point_edit"),
    path("<year:year>/targets/<slug:code>/edit/", views.TargetUpdateView.as_view(), name="target_edit"),
]
