from django.utils.translation import gettext_lazy as _

from core import portal


class DashboardConfig(portal.PortalAppConfig):
    name = "dashboard"
    verbose_name = _("Dashboards")
