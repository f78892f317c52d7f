from django.utils.translation import pgettext_lazy

from core import portal


class PlansConfig(portal.PortalAppConfig):
    name = "plans"
    verbose_name = pgettext_lazy("page", "Work plans")

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import Section, Target, WorkPlan, WorkPoint

        retire_figures_on_writes(Section, Target, WorkPlan, WorkPoint)
