"""The region's yardstick and its settings: the school-level scheme, its indicators, the region's name and
deadline. The scheme is locked once the review round opens."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.versions import claim
from scoring import rules as scoring_rules

from .. import access
from ..models import (
    Region,
    ReviewRound,
    SchoolIndicator,
    SchoolScheme,
)
from .common import RegionError, require

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


# ── the scheme ──────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def load_scheme(region: Region, path: Path | None = None) -> SchoolScheme:
    """Load the school-level scheme of a region from a data file (the demo scheme by default); idempotent."""
    data = json.loads((path or DATA_DIR / "school_scheme_demo.json").read_text(encoding="utf-8"))
    scheme, _created = SchoolScheme.objects.get_or_create(
        region=region,
        defaults={"title": data["title"], "threshold": Decimal(data["threshold"]), "is_demo": data.get("demo", False)},
    )
    for order, row in enumerate(data["indicators"], start=1):
        SchoolIndicator.objects.get_or_create(
            scheme=scheme,
            code=row["code"],
            defaults={
                "group": row.get("group", ""),
                "name": row["name"],
                "points_text": row.get("points", ""),
                "max_points": Decimal(row["max"]),
                "is_key": row.get("key", False),
                "mode": row.get("mode", scoring_rules.POINTS),
                "order": order,
                "evidence": row.get("evidence", ""),
            },
        )
    return scheme


def scheme_is_locked(scheme: SchoolScheme) -> bool:
    """Once the review has begun, changing the yardstick would change what reviewers scored."""
    return ReviewRound.objects.filter(region_id=scheme.region_id).exists()


@transaction.atomic
def update_indicator(indicator: SchoolIndicator, user, expected_version: int) -> SchoolIndicator:
    """Save the lead's edit of one indicator (its new values set, not yet saved), claiming the scheme's version."""
    require(access.leads(access_for(user)), access.leads)
    scheme = indicator.scheme
    if scheme_is_locked(scheme):
        raise RegionError(_("The review round has been opened: the scheme can no longer change."))
    claim(SchoolScheme, scheme.pk, expected_version)
    indicator.save()
    return indicator


@transaction.atomic
def update_scheme(scheme: SchoolScheme, user, expected_version: int) -> SchoolScheme:
    """Save the lead's edit of the scheme's title and threshold (set on `scheme`, not yet saved)."""
    require(access.leads(access_for(user)), access.leads)
    if scheme_is_locked(scheme):
        raise RegionError(_("The review round has been opened: the scheme can no longer change."))
    claim(SchoolScheme, scheme.pk, expected_version)
    scheme.version = expected_version + 1
    scheme.save()
    return scheme


@transaction.atomic
def update_region(region: Region, user) -> Region:
    require(access.leads(access_for(user)), access.leads)
    region.save(update_fields=["name", "application_deadline"])
    return region
