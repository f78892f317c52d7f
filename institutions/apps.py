from django.db.models.signals import post_save
from django.utils.translation import pgettext_lazy

from core import portal


class InstitutionsConfig(portal.PortalAppConfig):
    name = "institutions"
    verbose_name = pgettext_lazy("page", "Schools")
    # The home school first: every other app's demo rows belong to it.
    demo_loader = "institutions.models.load_demo"
    demo_order = 0

    def ready(self):
        from .models import Institution

        # However a school is made (the admin, a command, the region's pages, the demo), it starts with every app's
        # per-school settings, as the home school did from its migrations.
        post_save.connect(_give_new_school_defaults, sender=Institution, dispatch_uid="gkw-new-school-defaults")


def _give_new_school_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        portal.give_school_defaults(instance)
