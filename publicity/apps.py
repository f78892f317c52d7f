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

        from django.db.models.signals import post_save

        from committee.models import Notice

        post_save.connect(_mirror_committee_notice, sender=Notice, dispatch_uid="publicity-mirror-notice")

    def load_demo(self) -> int:
        """Called by `manage.py load_demo` (dashboard), which must not import this app: the demo publicity rows."""
        from .demo import load_demo_publicity

        return load_demo_publicity()


def _mirror_committee_notice(sender, instance, raw=False, **kwargs):
    """A committee notice marked public appears among the public site's notices (publicity reads the committee's
    notices; the committee app knows nothing of the public site)."""
    if not raw:
        from .services import mirror_notice

        mirror_notice(instance)
