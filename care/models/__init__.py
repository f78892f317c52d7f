"""The 双菜单 care board (needs ↔ elders' offers, pairs, care records) and the mentoring programmes.

Privacy: a need names one person only by a pseudonymous code the college chooses; confidential notes of a
sensitive category (心理疏导, 生活困难 …) are read only by staff and the need's own college, every read of them
is logged (`SensitiveRead`), and they are purged after the year's retention period once the need is closed,
keeping the rows (so the counts) intact.
"""

from .board import (
    CareSession,
    Need,
    NeedStatus,
    Offer,
    Outcome,
    Pair,
    PairStatus,
    Scope,
    SessionKind,
    Urgency,
)
from .elder_logs import LogStatus, counted
from .history import CareAction, CareEvent, SensitiveRead
from .material import MaterialHelp, MonthlyCareReport
from .mentoring import TEACHER_PROGRAMMES, Grade, MentorMeeting, Mentorship, Programme, ProgrammeKind
from .reference import DEFAULT_RETENTION_YEARS, CareYear, NeedCategory

__all__ = [
    "DEFAULT_RETENTION_YEARS",
    "TEACHER_PROGRAMMES",
    "CareAction",
    "CareEvent",
    "CareSession",
    "CareYear",
    "Grade",
    "LogStatus",
    "MaterialHelp",
    "MentorMeeting",
    "Mentorship",
    "MonthlyCareReport",
    "Need",
    "NeedCategory",
    "NeedStatus",
    "Offer",
    "Outcome",
    "Pair",
    "PairStatus",
    "Programme",
    "ProgrammeKind",
    "SensitiveRead",
    "Scope",
    "SessionKind",
    "Urgency",
    "counted",
]
