from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity and the year's archive")

    def ready(self):
        from colleges.models import Role
        from core.cache import retire_figures_on_writes
        from dashboard.views import ROLE_HOMES

        from . import archive
        from .archive_sections import register_own_sections
        from .models import NewsItem, NewsPhoto, Nomination, PublicNotice, Talk

        # The public site's pages are cached on the figures' generation: every write here retires them.
        retire_figures_on_writes(NewsItem, NewsPhoto, PublicNotice, Talk, Nomination)
        ROLE_HOMES[Role.CORRESPONDENT] = "publicity:news_list"
        register_own_sections()
        archive.discover()

    def load_demo(self) -> int:
        """Called by `manage.py load_demo` (dashboard), which must not import this app: the demo publicity rows."""
        from .demo import load_demo_publicity

        return load_demo_publicity()
