from django.urls import path

from . import account_views, preferences, retirements, schools, views

app_name = "colleges"

urlpatterns = [
    path("", views.CollegeListView.as_view(), name="list"),
    path("preferences/large-text/", preferences.LargeTextView.as_view(), name="large_text"),
    path("preferences/acting-as/", schools.SwitchView.as_view(), name="switch"),
    path("preferences/schools/", schools.ChooseSchoolView.as_view(), name="choose_school"),
    path("new/", views.CollegeCreateView.as_view(), name="create"),
    path("units/", views.MemberUnitListView.as_view(), name="units"),
    path("units/new/", views.MemberUnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/edit/", views.MemberUnitUpdateView.as_view(), name="unit_edit"),
    path("retirements/<year:year>/", retirements.RetirementsView.as_view(), name="retirements"),
    path("accounts/", account_views.AccountListView.as_view(), name="accounts"),
    path("accounts/<int:pk>/password-link/", account_views.PasswordLinkView.as_view(), name="password_link"),
    path("<slug:code>/", views.CollegeDetailView.as_view(), name="detail"),
    path("<slug:code>/edit/", views.CollegeUpdateView.as_view(), name="edit"),
    path("<slug:code>/members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path("<slug:code>/members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_edit"),
    path("<slug:code>/members/<int:pk>/delete/", views.MemberDeleteView.as_view(), name="member_delete"),
    path("<slug:code>/brand/<year:year>/", views.BrandProjectEditView.as_view(), name="brand_edit"),
]
