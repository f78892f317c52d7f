from django.utils.translation import gettext_lazy as _

from core import portal


class ProvinceConfig(portal.PortalAppConfig):
    name = "province"
    verbose_name = _("The province's overview")
    home_pages = {"province": "province:overview"}
    template_permissions = "province.access.template_permissions"
    school_figures_changed = "province.tallies.school_changed"
    home_todos = "province.todos.home_todos"
