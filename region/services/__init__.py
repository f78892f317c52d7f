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
from .assignment import (
    IN_ROUND,
    add_reviewer,
    add_to_panel,
    assign_waiting,
    eligible_reviewers,
    remove_from_panel,
    remove_reviewer,
    waiting_applications,
    waiting_reason,
)
from .board import add_comment, create_post, moderate
from .common import MAX_FILES, RegionError
from .drafting import draft_from_data, replaces_text
from .meetings import add_meeting_files, save_attendance, save_meeting
from .reports import save_work_report, submit_work_report
from .review import (
    close_round,
    collective_prefill,
    open_round,
    publish_all,
    publishable,
    reassign,
    record_result,
    save_review,
)
from .scheme import load_scheme, scheme_is_locked, update_indicator, update_region, update_scheme
from .visits import change_visit, plan_visit, record_findings, visitor_choices

__all__ = [
    "IN_ROUND",
    "MAX_FILES",
    "RegionError",
    "add_comment",
    "add_reviewer",
    "add_to_panel",
    "assign_waiting",
    "eligible_reviewers",
    "publish_all",
    "publishable",
    "remove_from_panel",
    "remove_reviewer",
    "waiting_applications",
    "waiting_reason",
    "add_files",
    "add_meeting_files",
    "close_round",
    "collective_prefill",
    "create_post",
    "draft_from_data",
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
    "replaces_text",
    "save_application",
    "save_attendance",
    "save_meeting",
    "save_review",
    "save_work_report",
    "submit_work_report",
    "change_visit",
    "plan_visit",
    "record_findings",
    "visitor_choices",
    "scheme_is_locked",
    "submission_gaps",
    "transition",
    "update_indicator",
    "update_region",
    "update_scheme",
]
