from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from colleges.account_views import SetPasswordDoneView, SetPasswordView
from dashboard.views import HomeView
from publicity import public_views

from .converters import WorkPointCodeConverter, YearConverter

register_converter(YearConverter, "year")
register_converter(WorkPointCodeConverter, "point")

admin.site.site_header = admin.site.site_title = _("GKW Portal administration")


@login_not_required
def healthz(request):
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


portal_home = HomeView.as_view()


@login_not_required
def home(request):
    """The root: anonymous visitors see the public site's home (网上关工委), logged-in users their portal home."""
    if request.user.is_authenticated:
        return portal_home(request)
    return public_views.home(request)


# The portal's own pages: the same for every school (the request's school decides what they show).
portal_patterns = [
    path("healthz/", healthz, name="healthz"),
    path("", home, name="home"),
    # Only the account pages the portal uses: no self-service password reset (staff make one-time links at
    # /colleges/accounts/), so nothing public sends mail.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/reset/<uidb64>/<token>/", SetPasswordView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", SetPasswordDoneView.as_view(), name="password_reset_complete"),
    path("plans/", include("plans.urls")),
    path("colleges/", include("colleges.urls")),
    path("reports/", include("activities.urls")),
    path("scoring/", include("scoring.urls")),
    path("care/", include("care.urls")),
    path("talkroom/", include("talkroom.urls")),
    path("surveys/", include("surveys.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("rectification/", include("rectification.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("region/", include("region.urls")),
    path("province/", include("province.urls")),
    path("notifications/", include("notifications.urls")),
    path("publicity/", include("publicity.urls")),
    path("committee/", include("committee.urls")),
    path("admin/", admin.site.urls),
]

urlpatterns = [
    *portal_patterns,
    # The home school's public site, without login (publicity.public_views): news, notices, brand projects, talks,
    # plan, awards. Every other school's is under /s/<code>/: gkw_portal.school_urls.
    path("", include("publicity.public_urls")),
]
