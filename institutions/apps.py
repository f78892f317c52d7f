from django.utils.translation import pgettext_lazy

from core import portal


class InstitutionsConfig(portal.PortalAppConfig):
    name = "institutions"
    verbose_name = pgettext_lazy("page", "Schools")
    # The home school first: every other app's demo rows belong to it.
    demo_loader = "institutions.models.load_demo"
    demo_order = 0

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import Institution

        # The request's school is looked up through the figures cache (colleges.schools).
        retire_figures_on_writes(Institution)
