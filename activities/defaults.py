"""The activity kinds every school starts with, in the plan's own words, each tied to the work point it serves.

Reference data rather than demo data: the home school got them from activities/0002 (whose frozen copy of this
list migrations keep), every school made later gets them through `school_defaults` (core.portal), and staff edit
them in the portal."""

from __future__ import annotations

from core.portal import give_list

from .models import ActivityKind

# code, name, work point code, target metric
DEFAULT_KINDS = [
    ("red-education", "红色教育", "4.1", ""),
    ("read-china", "“读懂中国”活动", "4.1", ""),
    ("medal-reading", "《勋章》《筑梦九天》读书征文", "4.1", ""),
    ("red-tour", "红色之旅", "4.1", ""),
    ("three-into", "党史“三进”（社团/宿舍/讲堂）", "4.1", ""),
    ("lecturer-lecture", "讲师团宣讲", "4.2", "lecturer_lectures"),
    ("boutique-project", "精品教育项目", "4.3", ""),
    ("care-help", "关爱帮扶（物质/精神）", "5.2", ""),
    ("sunshine-house", "阳光屋", "5.2", ""),
    ("talk-room", "谈心屋", "5.2", ""),
    ("mentoring", "名师工作室/老教授导师制（青蓝工程）", "5.3", ""),
    ("young-marxist", "青马工程/特邀组织员", "5.4", ""),
    ("brand-activity", "一院一品品牌活动", "3.3", ""),
    ("training", "学习培训", "6.1", ""),
    ("research", "调研", "6.2", ""),
    ("work-meeting", "工作会议", "2.4", ""),
    ("publicity", "宣传报道", "6.5", ""),
    ("other", "其他", "", ""),
]


def give_default_kinds(school) -> int:
    """The default kinds, for a school that has none (one with a list of its own keeps it); the kinds made."""
    fields = ("code", "name", "work_point_code", "metric")
    rows = [
        {**dict(zip(fields, kind, strict=True)), "order": order} for order, kind in enumerate(DEFAULT_KINDS, start=1)
    ]
    return give_list(ActivityKind, school, rows)
