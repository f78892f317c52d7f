"""The need categories every school starts with: the plan's own words for the needs of young students and teachers
(section 5). The home school got them from care/0002; every school made later gets them through `school_defaults`
(core.portal); staff edit the list in the admin."""

from __future__ import annotations

from core.portal import give_list

from .models import NeedCategory

# code, name, sensitive, for young teachers
DEFAULT_CATEGORIES = [
    ("motivation", "学习动力", False, False),
    ("willpower", "意志力与自制力", False, False),
    ("confidence", "自信心", False, False),
    ("counselling", "心理疏导", True, False),
    ("hardship", "生活困难", True, False),
    ("career", "生涯与就业", False, False),
    ("ideals", "党史与理想信念", False, False),
    ("young-teacher", "青年教师成长", False, True),
    ("party-guidance", "入党指导", False, False),
]


def give_default_categories(school) -> int:
    """The default categories, for a school that has none (one with a list of its own keeps it); those made."""
    fields = ("code", "name", "sensitive", "for_teachers")
    rows = [
        {**dict(zip(fields, row, strict=True)), "order": order}
        for order, row in enumerate(DEFAULT_CATEGORIES, start=1)
    ]
    return give_list(NeedCategory, school, rows)
