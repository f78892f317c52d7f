from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity reports")

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import ActivityKind, ActivityReport, Evidence

        retire_figures_on_writes(ActivityKind, ActivityReport, Evidence)
