from django.utils.translation import gettext_lazy as _

from core import portal


class CollegesConfig(portal.PortalAppConfig):
    name = "colleges"
    verbose_name = _("Colleges and committees")
    demo_loader = "colleges.demo.load_demo"
    demo_order = 10
    demo_accounts = "colleges.demo.DEMO_ACCOUNTS"
    template_permissions = "colleges.access.template_permissions"

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import BrandProject, College, CommitteeMember, MemberUnit

        retire_figures_on_writes(BrandProject, College, CommitteeMember, MemberUnit)

        from core import metrics

        from .progress import BRAND_PROJECT_SHARE, RETIREE_SHARE, brand_project_share, retiree_share

        metrics.register(
            BRAND_PROJECT_SHARE, _("Share of colleges with a brand project of the year"), brand_project_share
        )
        metrics.register(
            RETIREE_SHARE,
            _("Share of this year's retired teachers serving on a college committee"),
            retiree_share,
            base="colleges:retirements",
        )

        from . import preferences  # noqa: F401  (connects the log-in signal that restores large text)
