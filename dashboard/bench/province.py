"""The province's side of the benchmark: the province's officer, a region of every school of the set with an
application each, and the schools' year tallies (province.tallies) counted for the set.

Made at the start of the measure stage, so that a set built before these existed is measured the same way; each
step finds what is there already. The overview reads one tally row per school, so its rows show the same queries
at 10 schools as at 168 (tests/province/test_overview.py checks the same at 3 and 12)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from colleges.models import Membership, Role
from core.scoping import every_school
from institutions.models import Institution, home
from province import tallies
from region.models import Application, Region
from region.models import Status as ApplicationStatus

USERNAME = "province"
# Applications in every state but the published one, in turn, then a published result every fifth school.
STATES = [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]


def prepare(year: int) -> int:
    """The province's officer, the year's region and its applications, the tallies; the tally rows counted."""
    with every_school():
        user, made = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"first_name": "省关工委（基准）", "password": make_password(None)}
        )
        if made:
            Membership.objects.create(user=user, role=Role.PROVINCE, institution=None)
        region, _ = Region.objects.get_or_create(code="bench", year=year, defaults={"name": "基准片", "lead": home()})
        schools = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
        region.members.add(*schools)
        have = set(Application.objects.filter(region=region).values_list("institution", flat=True))
        Application.objects.bulk_create(
            Application(region=region, institution_id=pk, status=STATES[n % len(STATES)])
            for n, pk in enumerate(schools)
            if pk not in have
        )
        return tallies.rebuild()
