"""The bulletins' demo: 2022's bulletins of March to June drafted from the demo's data through the services, the
first three published (dated as they would have been, early in the following month), June's left as a draft."""

from __future__ import annotations

import datetime

from django.utils import timezone

from colleges.access import role_holders
from colleges.models import Role

from . import services
from .models import Bulletin

MONTHS = (3, 4, 5, 6)
PUBLISHED = (3, 4, 5)


def load_demo_bulletins(year: int = 2022) -> int:
    staff = role_holders(Role.STAFF).order_by("pk").first()
    if staff is None or Bulletin.objects.filter(year=year).exists():
        return 0
    for month in MONTHS:
        bulletin = services.start(staff, year, month)
        if month in PUBLISHED:
            services.publish(bulletin, staff, bulletin.version)
            # Published early in the following month, as the committee would have: the demo is of 2022.
            sent = timezone.make_aware(datetime.datetime(year, month + 1, 5, 9, 30))
            Bulletin.objects.filter(pk=bulletin.pk).update(published_at=sent, drafted_at=sent)
    return len(MONTHS)
