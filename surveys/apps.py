from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import portal


class SurveysConfig(portal.PortalAppConfig):
    name = "surveys"
    verbose_name = pgettext_lazy("page", "Surveys")
    template_permissions = "surveys.access.template_permissions"
    demo_loader = "surveys.demo.load_demo_surveys"
    demo_order = 56  # after the colleges (and beside the 谈心屋's)
    page_panels = {"care:overview": "surveys.panels.care_overview"}
    archive_sections = [
        ("surveys", _("Surveys closed in the year: reports and results"), "surveys.archive.survey_files")
    ]

    def ready(self):
        # Imported here: models may be imported only once every app is loaded.
        from core.cache import retire_figures_on_writes

        from .models import Response, Survey

        retire_figures_on_writes(Survey, Response)
