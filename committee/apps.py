from django.utils.translation import gettext_lazy as _

from core import portal


class CommitteeConfig(portal.PortalAppConfig):
    name = "committee"
    verbose_name = _("The committee's own work")
    home_pages = {"unit_contact": "committee:unit_home"}
    demo_loader = "committee.demo.load_demo_committee"
    school_defaults = "committee.defaults.give_default_levels"
    demo_order = 40
    demo_accounts = "committee.demo.UNIT_ACCOUNTS"
    template_permissions = "committee.access.template_permissions"
    home_todos = "committee.todos.home_todos"
    # The year's archive (built by the publicity app, which this app does not import) takes these sections.
    archive_sections = [
        ("minutes", _("Meeting minutes"), "committee.archive.minutes"),
        ("notices", _("Notices and their replies"), "committee.archive.notices"),
    ]
