from django.utils.translation import pgettext_lazy

from core import portal


class RectificationConfig(portal.PortalAppConfig):
    name = "rectification"
    verbose_name = pgettext_lazy("page", "Rectification")
    demo_loader = "rectification.demo.load_demo_rectification"
    demo_accounts = "rectification.demo.ACCOUNTS"
    demo_order = 45  # after scoring's assessments (40), whose finalisation made the items
    home_todos = "rectification.todos.home_todos"
    template_permissions = "rectification.access.template_permissions"
    follow_ups = {"scoring:finalised": "rectification.services.follow_finalised"}
    page_panels = {
        "dashboard:year": "rectification.panels.school_dashboard",
        "dashboard:college": "rectification.panels.college_dashboard",
        "scoring:assessment": "rectification.panels.assessment",
    }
    # The year's archive (built by the publicity app, which this app does not import) takes this section.
    archive_sections = [
        ("rectification", pgettext_lazy("page", "Rectification items"), "rectification.archive.rectification_files")
    ]

    def ready(self):
        # Imported here: models may be imported only once every app is loaded.
        from core.cache import retire_figures_on_writes

        from .models import ProgressNote, RectificationItem

        retire_figures_on_writes(RectificationItem, ProgressNote)
