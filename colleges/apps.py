from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = _("Colleges and committees")

    def ready(self):
        from . import preferences  # noqa: F401  (connects the log-in signal that restores large text)
