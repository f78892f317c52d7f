"""The rating scale every school starts with (优秀 / 良好 / 合格 / 不合格), rows staff may change in the admin. The
home school got it from committee/0002; every school made later gets it through `school_defaults` (core.portal)."""

from __future__ import annotations

from core.portal import give_list

from .models import RatingLevel

# name, order, passing
DEFAULT_LEVELS = [("优秀", 1, True), ("良好", 2, True), ("合格", 3, True), ("不合格", 4, False)]


def give_default_levels(school) -> int:
    """The default scale, for a school that has none (one with a scale of its own keeps it); the levels made."""
    rows = [{"name": name, "order": order, "passing": passing} for name, order, passing in DEFAULT_LEVELS]
    return give_list(RatingLevel, school, rows)
