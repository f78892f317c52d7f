from django.utils.translation import pgettext_lazy

from core import portal


class SurveysConfig(portal.PortalAppConfig):
    name = "surveys"
    verbose_name = pgettext_lazy("page", "Surveys")
    template_permissions = "surveys.access.template_permissions"

    def ready(self):
        # Imported here: models may be imported only once every app is loaded.
        from core.cache import retire_figures_on_writes

        from .models import Response, Survey

        retire_figures_on_writes(Survey, Response)
