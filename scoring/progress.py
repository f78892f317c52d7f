"""Target progress counted from finalised assessments (see GKW_TARGET_PROGRESS in settings)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .standing import balanced_share


def balanced_college_share(year: int) -> tuple[Decimal, str]:
    percent, balanced, colleges = balanced_share(year)
    return percent, _("%(balanced)d of %(colleges)d colleges balanced") % {"balanced": balanced, "colleges": colleges}
