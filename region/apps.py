from django.utils.translation import gettext_lazy as _

from core import portal


class RegionConfig(portal.PortalAppConfig):
    name = "region"
    verbose_name = _("The region (第十片)")
    home_pages = {"region_contact": "region:home", "region_reviewer": "region:home"}
    demo_loader = "region.demo.load_demo_region"
    demo_order = 50
    demo_accounts = "region.demo.ACCOUNTS"
    template_permissions = "region.access.template_permissions"
    home_todos = "region.todos.home_todos"
    # The lead school's year archive (built by the publicity app, which this app does not import) takes this section.
    archive_sections = [
        ("region", _("The regions the school leads: results and work report"), "region.archive.region_files")
    ]
