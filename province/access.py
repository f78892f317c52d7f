"""Who may read the province's overview: the provincial committee's officers and the installation's superusers.

Nobody changes anything here: the overview and its workbook only read, and the drill-down only chooses which
school's dashboard the reader reads next (colleges.schools, as the user menu's switcher does). A school's own
committee (its staff, office and administrators) and the region's people have their own pages: the overview is a
403 for them, the lead school's staff included (the region's pages show them what they keep).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from colleges.access import access_for
from colleges.models import Role
from core.errors import who_may

# Whose pages these are: any role reaches the predicate, which decides (a superuser may hold any role).
PROVINCE_PAGE_ROLES = frozenset(Role)


@who_may(_("the provincial committee"))
def reads_every_school(user) -> bool:
    """Reads every region and every school's figures of a year, and any school's dashboard, without changing them."""
    return bool(getattr(user, "is_superuser", False)) or access_for(user).role == Role.PROVINCE


def template_permissions(user) -> dict[str, bool]:
    """The province's predicates that templates ask as `can.<name>` (core.portal)."""
    return {"read_every_school": reads_every_school(user)}
