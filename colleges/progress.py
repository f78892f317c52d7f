"""Target progress counted from what this app owns; registered as a target metric in `CollegesConfig.ready()`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .models import BrandProject, College, CommitteeMember, YearRetirements

BRAND_PROJECT_SHARE = "brand_project_share"
RETIREE_SHARE = "retiree_share"


def brand_project_share(year: int) -> tuple[Decimal, str]:
    """Share of active colleges that have a brand project (一院一品) for the year."""
    total = College.objects.active().count()
    with_project = BrandProject.objects.filter(year=year, college__active=True).values("college").distinct().count()
    share = Decimal(0) if total == 0 else (Decimal(100) * with_project / total).quantize(Decimal("0.1"))
    return share, _("%(done)d of %(total)d colleges") % {"done": with_project, "total": total}


def retiree_share(year: int) -> tuple[Decimal, str]:
    """Share of the teachers who retired in `year` serving on a college's committee (plan section 6.4: "选用一定比例
    的当年退休的优秀退休教师参与到关心下一代工作中来"): the active members whose retirement year it is, over the year's
    retirements as staff entered them (YearRetirements); nothing to divide by until they do."""
    serving = CommitteeMember.objects.filter(active=True, retired_year=year, college__active=True).count()
    retired = YearRetirements.objects.filter(year=year).values_list("teachers", flat=True).first()
    if not retired:
        return Decimal(0), _("%(done)d serving; the number of teachers retired in %(year)d is not entered yet") % {
            "done": serving,
            "year": year,
        }
    share = (Decimal(100) * serving / retired).quantize(Decimal("0.1"))
    return share, _("%(done)d of the %(total)d teachers retired in %(year)d serve on a college committee") % {
        "done": serving,
        "total": retired,
        "year": year,
    }
