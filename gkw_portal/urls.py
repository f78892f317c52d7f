from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from dashboard.views import HomeView

from .converters import WorkPointCodeConverter, YearConverter

register_converter(YearConverter, "year")
register_converter(WorkPointCodeConverter, "point")

admin.site.site_header = admin.site.site_title = _("GKW Portal administration")


@login_not_required
def healthz(request):
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("plans/", include("plans.urls")),
    path("colleges/", include("colleges.urls")),
    path("reports/", include("activities.urls")),
    path("scoring/", include("scoring.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
