"""The region (片) of universities this school leads: its member schools, their balanced-development
applications (申报), the collective review (集体考核评议), region meetings and the exchange board.

A region is data, one per year, so the same code serves every region of the province. People of member schools
are linked to their school through `Affiliation`; who may see what is decided in `region.access`. One module per
feature; every model is importable from `region.models`.
"""

from .applications import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationFile,
    ApplicationScore,
    ApplicationScoreChange,
    ScoreField,
    Status,
)
from .exports import ExportFormat, ExportState, SummaryExport
from .meetings import Attendance, Comment, Meeting, MeetingFile, MeetingKind, Post, PostFile
from .review import Assignment, AssignmentStatus, ReviewRound, ReviewScore, RoundStatus
from .schools import (
    Affiliation,
    EvidenceSource,
    Mode,
    Region,
    RegionFile,
    ReportState,
    SchoolIndicator,
    SchoolScheme,
    WorkReport,
    upload_path,
)
from .visits import Visit, VisitChange, VisitState

__all__ = [
    "Action",
    "Affiliation",
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "ApplicationScore",
    "ApplicationScoreChange",
    "Assignment",
    "AssignmentStatus",
    "Attendance",
    "Comment",
    "EvidenceSource",
    "ExportFormat",
    "ExportState",
    "Meeting",
    "MeetingFile",
    "MeetingKind",
    "Mode",
    "Post",
    "PostFile",
    "Region",
    "RegionFile",
    "ReportState",
    "ReviewRound",
    "ReviewScore",
    "RoundStatus",
    "SchoolIndicator",
    "SchoolScheme",
    "ScoreField",
    "Status",
    "SummaryExport",
    "Visit",
    "VisitChange",
    "VisitState",
    "WorkReport",
    "upload_path",
]
