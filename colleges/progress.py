"""Target progress counted from what this app owns; registered as a target metric in `CollegesConfig.ready()`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .models import BrandProject, College

BRAND_PROJECT_SHARE = "brand_project_share"


def brand_project_share(year: int) -> tuple[Decimal, str]:
    """Share of active colleges that have a brand project (一院一品) for the year."""
    total = College.objects.active().count()
    with_project = BrandProject.objects.filter(year=year, college__active=True).values("college").distinct().count()
    share = Decimal(0) if total == 0 else (Decimal(100) * with_project / total).quantize(Decimal("0.1"))
    return share, _("%(done)d of %(total)d colleges") % {"done": with_project, "total": total}
