from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import portal


class BulletinsConfig(portal.PortalAppConfig):
    name = "bulletins"
    verbose_name = pgettext_lazy("page", "Work bulletins")
    template_permissions = "bulletins.access.template_permissions"
    demo_loader = "bulletins.demo.load_demo_bulletins"
    demo_order = 90  # after every app whose data a bulletin reports
    # The year's archive (publicity, above this app) takes the year's published bulletins.
    archive_sections = [("bulletins", _("The monthly work bulletins"), "bulletins.archive.bulletin_files")]
