"""Every write of the care board and the mentoring programmes, one module per feature; callers import them from
here (`from care import services; services.post_need(...)`).

Each state change claims the row's version in the UPDATE that writes it (core.versions.claim: of two people acting
on the same version exactly one wins and the other is told, in their language, what happened) and leaves a
CareEvent. The same predicates as the pages decide (care.access), so a command or a test is as strict as a page.
"""

from .common import CareError, ensure_default_categories, settings_of
from .elder_logs import log_own_meeting, log_own_session, resend_own_log, review_log
from .mentoring import add_mentorship, evaluate, log_meeting, save_programme
from .month_report import (
    add_month_photos,
    file_month_report,
    link_as_evidence,
    month_bounds,
    month_figures,
    remove_month_photo,
    submit_month_report,
)
from .needs import post_need, read_notes, record_material_help, update_need
from .offers import free_elder_accounts, save_offer
from .pairs import log_session, offers_with_load, propose, suggestions, transition_pair
from .retention import purge_expired_notes

__all__ = [
    "CareError",
    "add_mentorship",
    "add_month_photos",
    "ensure_default_categories",
    "evaluate",
    "file_month_report",
    "free_elder_accounts",
    "link_as_evidence",
    "log_meeting",
    "log_own_meeting",
    "log_own_session",
    "log_session",
    "month_bounds",
    "month_figures",
    "offers_with_load",
    "post_need",
    "propose",
    "purge_expired_notes",
    "read_notes",
    "record_material_help",
    "remove_month_photo",
    "resend_own_log",
    "review_log",
    "save_offer",
    "save_programme",
    "settings_of",
    "submit_month_report",
    "suggestions",
    "transition_pair",
    "update_need",
]
