from django.utils.translation import gettext_lazy as _

from core import portal


class PlansConfig(portal.PortalAppConfig):
    name = "plans"
    verbose_name = _("Work plans")

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import Section, Target, WorkPlan, WorkPoint

        retire_figures_on_writes(Section, Target, WorkPlan, WorkPoint)
