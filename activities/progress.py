"""Target progress counted from approved activity reports; registered as a target metric in
`ActivitiesConfig.ready()`."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import MonthKindTally

LECTURER_LECTURES = "lecturer_lectures"


def approved_reports_counting_toward(metric: str, year: int) -> int:
    """Approved reports of the year whose kind staff tied to this metric (e.g. 讲师团宣讲 → lecturer_lectures),
    summed from the month-and-kind tallies rather than counted."""
    tallies = MonthKindTally.objects.filter(year=year, kind__metric=metric)
    return tallies.aggregate(n=Sum("reports", default=0))["n"]


def lecturer_lectures(year: int) -> tuple[Decimal, str]:
    count = approved_reports_counting_toward(LECTURER_LECTURES, year)
    return Decimal(count), _("%(count)d approved lecture reports") % {"count": count}
