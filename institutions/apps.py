from django.utils.translation import pgettext_lazy

from core import portal


class InstitutionsConfig(portal.PortalAppConfig):
    name = "institutions"
    verbose_name = pgettext_lazy("page", "Schools")
    # The home school first: every other app's demo rows belong to it.
    demo_loader = "institutions.models.load_demo"
    demo_order = 0
