from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Care and mentoring")

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import MaterialHelp, MentorMeeting, Mentorship, Need, Offer, Pair, Programme

        retire_figures_on_writes(Need, Offer, Pair, MaterialHelp, Programme, Mentorship, MentorMeeting)
