from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from core import portal
from core.cache import retire_figures_on_writes

from . import archive


class PublicityConfig(portal.PortalAppConfig):
    name = "publicity"
    verbose_name = _("Publicity and the year's archive")
    home_pages = {"correspondent": "publicity:news_list"}
    demo_loader = "publicity.demo.load_demo_publicity"
    demo_order = 70
    demo_accounts = "publicity.demo.ACCOUNTS"
    # The second demo school's (太湖理工学院（演示）): it writes through every app's services, so it sits here.
    school_demo_loader = "publicity.demo_second_school.load_demo_second_school"
    template_permissions = "publicity.access.template_permissions"
    home_todos = "publicity.todos.home_todos"

    def ready(self):
        # Models (ours, the archive sections' and the committee's) load only once the app registry is ready.
        from committee.models import Notice

        from .archive_sections import register_own_sections
        from .models import NewsItem, NewsPhoto, Nomination, PublicNotice, Talk

        # The public site's pages are cached on the figures' generation: every write here retires them.
        retire_figures_on_writes(NewsItem, NewsPhoto, PublicNotice, Talk, Nomination)
        register_own_sections()
        archive.discover()
        post_save.connect(_mirror_committee_notice, sender=Notice, dispatch_uid="publicity-mirror-notice")


def _mirror_committee_notice(sender, instance, raw=False, **kwargs):
    """A committee notice marked public appears among the public site's notices (publicity reads the committee's
    notices; the committee app knows nothing of the public site)."""
    if not raw:
        # services imports the models, which apps.py may not at import time.
        from .services import mirror_notice

        mirror_notice(instance)
