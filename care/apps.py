from django.utils.translation import gettext_lazy as _

from core import portal


class CareConfig(portal.PortalAppConfig):
    name = "care"
    verbose_name = _("Care and mentoring")
    home_pages = {"counsellor": "care:overview", "elder": "care:mine"}
    demo_loader = "care.demo.load_demo_care"
    school_defaults = "care.defaults.give_default_categories"
    demo_order = 50
    demo_accounts = "care.demo.DEMO_ACCOUNTS"
    template_permissions = "care.access.template_permissions"
    holds_personal_notes = True
    home_todos = "care.todos.home_todos"

    def ready(self):
        # Imported here: models may be imported only once every app is loaded.
        from core.cache import retire_figures_on_writes

        from .models import MaterialHelp, MentorMeeting, Mentorship, Need, Offer, Pair, Programme

        retire_figures_on_writes(Need, Offer, Pair, MaterialHelp, Programme, Mentorship, MentorMeeting)
