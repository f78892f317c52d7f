"""Every write of the region, one module per feature: the scheme, applications, the review, meetings and the
work report, the board. Each state change claims the row's version in the UPDATE that writes it
(core.versions.claim), so that of two people acting on the same version exactly one wins and the other is told
what happened; each step of an application leaves an ApplicationEvent.

The functions are importable from `region.services` (views, tasks, tests and the demo call them by that name).
"""

from ..access import lead_people, people_of, region_people
from .applications import (
    add_files,
    open_applications,
    remove_file,
    save_application,
    submission_gaps,
    transition,
)
from .board import add_comment, create_post, moderate
from .common import MAX_FILES, RegionError
from .meetings import add_meeting_files, save_attendance, save_meeting, save_work_report
from .review import close_round, collective_prefill, open_round, reassign, record_result, save_review
from .scheme import load_scheme, scheme_is_locked, update_indicator, update_region, update_scheme

__all__ = [
    "MAX_FILES",
    "RegionError",
    "add_comment",
    "add_files",
    "add_meeting_files",
    "close_round",
    "collective_prefill",
    "create_post",
    "lead_people",
    "load_scheme",
    "moderate",
    "open_applications",
    "open_round",
    "people_of",
    "reassign",
    "record_result",
    "region_people",
    "remove_file",
    "save_application",
    "save_attendance",
    "save_meeting",
    "save_review",
    "save_work_report",
    "scheme_is_locked",
    "submission_gaps",
    "transition",
    "update_indicator",
    "update_region",
    "update_scheme",
]
