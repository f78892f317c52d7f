"""Target progress counted from finalised assessments; registered as a target metric in `ScoringConfig.ready()`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from plans.progress import Goal, goal_of

from .standing import balanced_share

BALANCED_COLLEGE_SHARE = "balanced_college_share"


def balanced_college_share(year: int) -> tuple[Decimal, str]:
    percent, balanced, colleges = balanced_share(year)
    return percent, _("%(balanced)d of %(colleges)d colleges balanced") % {"balanced": balanced, "colleges": colleges}


def balanced_share_goal(year: int) -> Goal | None:
    """The year's goal for the share of balanced colleges, as staff set it on the plan's target (90 % in 2022)."""
    return goal_of(year, BALANCED_COLLEGE_SHARE)
