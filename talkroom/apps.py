from django.utils.translation import pgettext_lazy

from core import portal


class TalkroomConfig(portal.PortalAppConfig):
    name = "talkroom"
    verbose_name = pgettext_lazy("page", "Talk room")
    demo_loader = "talkroom.demo.load_demo_talkroom"
    demo_order = 55  # after the care board's categories and colleges
    school_defaults = "talkroom.services.give_default_settings"
    template_permissions = "talkroom.access.template_permissions"
    holds_personal_notes = True
    page_panels = {"care:overview": "talkroom.panels.care_overview"}

    def ready(self):
        # Imported here: models may be imported only once every app is loaded.
        from core.cache import retire_figures_on_writes

        from .models import Message, Thread

        retire_figures_on_writes(Thread, Message)
