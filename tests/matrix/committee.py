"""The committee app's pages in the permission matrix (tests/test_permissions.py).

The objects are built once per test through the app's own services: a notice to college A with an attachment and
college A's reply file, a meeting with a file and a decision whose follow-up task college A owns, a training class
with a session, and two member units' self-reports (one a draft with evidence, one submitted for rating).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from colleges.models import MemberUnit
from committee.models import (
    Decision,
    Event,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    Notice,
    NoticeAttachment,
    RatingLevel,
    Receipt,
    ReplyFile,
    TrainingClass,
    TrainingSession,
    UnitReport,
    UnitReportFile,
)
from committee.services import meetings as meeting_services
from committee.services import notices as notice_services
from committee.services import training as training_services
from committee.services import units as unit_services
from core.uploads import check_upload

MODELS = [
    Notice,
    NoticeAttachment,
    Receipt,
    ReplyFile,
    Meeting,
    MeetingAttachment,
    Decision,
    FollowUpTask,
    TrainingClass,
    TrainingSession,
    RatingLevel,
    UnitReport,
    UnitReportFile,
    Event,
]

READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
MANAGERS = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
MANAGERS_POST = {"staff": 405, "office": 403, "sec1": 403, "sec2": 403, "admin": 405, "norole": 403}
OWN_READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_MANAGERS = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}
OWN_MANAGERS_POST = {"staff": 405, "office": 403, "sec1": 403, "sec2": 404, "admin": 405, "norole": 403}
# What only the recipient or owner (college A's secretary) does.
OWN_RECIPIENT_POST = {"staff": 403, "office": 403, "sec1": 405, "sec2": 404, "admin": 403, "norole": 403}
OWN_RECIPIENT = {"staff": 403, "office": 403, "sec1": 200, "sec2": 404, "admin": 403, "norole": 403}
SCHOOL_READERS = {"staff": 200, "office": 200, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
UNIT_CONTACTS_ONLY = {"staff": 403, "office": 403, "sec1": 403, "sec2": 403, "admin": 403, "norole": 403}

TITLE = "矩阵通知：报送材料"


def pdf(name="材料.pdf"):
    return check_upload(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"))


def objects(college_a):
    """The objects the addresses are built on, created the first time only."""
    notice = Notice.objects.filter(title=TITLE).first()
    if notice is not None:
        return notice, Meeting.objects.get(title=TITLE), TrainingClass.objects.get(title=TITLE)
    User = get_user_model()
    staff = User.objects.get(username="staff")
    sec1 = User.objects.get(username="sec1")
    notice = notice_services.publish_notice(
        Notice(title=TITLE, body="请报送。", audience="chosen", reply="file", deadline=datetime.date(2022, 6, 30)),
        staff,
        colleges=[college_a],
        files=[pdf()],
    )
    receipt = notice.receipts.get(college=college_a)
    notice_services.reply(receipt, sec1, "已报送。", [pdf("回执.pdf")], receipt.version)
    meeting = meeting_services.save_meeting(
        Meeting(title=TITLE, held_on=datetime.date(2022, 3, 1), agenda="议程"), staff, [college_a], []
    )
    meeting_services.add_meeting_files(meeting, staff, [pdf("纪要.pdf")])
    meeting_services.add_decision(meeting, staff, "各学院报送计划。", [college_a], [], datetime.date(2022, 4, 1))
    training = training_services.save_training(TrainingClass(title=TITLE, year=2022), staff)
    training_services.add_session(
        training, staff, TrainingSession(held_on=datetime.date(2022, 5, 1), topic="专题", hours=2)
    )
    units = list(MemberUnit.objects.order_by("order")[:2])
    draft = unit_services.save_unit_report(units[0], 2022, staff, "履职情况。", 0)
    unit_services.add_unit_files(draft, staff, [pdf("佐证.pdf")])
    submitted = unit_services.save_unit_report(units[1], 2022, staff, "履职情况。", 0)
    unit_services.transition_unit_report(submitted, staff, "submit", "", submitted.version)
    return notice, meeting, training


def cases(plan, college_a, report, assessment=None, export=None):
    notice, meeting, training = objects(college_a)
    attachment = notice.attachments.first()
    reply_file = ReplyFile.objects.filter(receipt__notice=notice).first()
    meeting_file = meeting.attachments.first()
    task = FollowUpTask.objects.filter(decision__meeting=meeting, college=college_a).first()
    session = training.sessions.first()
    draft = UnitReport.objects.filter(year=2022, status="draft").select_related("unit").first()
    submitted = UnitReport.objects.filter(year=2022, status="submitted").first()
    evidence = draft.files.first()
    n, m, d, s = [notice.pk], [meeting.pk], [2022, draft.unit_id], [2022, submitted.unit_id]
    return [
        ("committee:notices", reverse("committee:notices"), READ, False),
        ("committee:notice_create", reverse("committee:notice_create"), MANAGERS, True),
        ("committee:notice", reverse("committee:notice", args=n), OWN_READ, False),
        ("committee:notice_edit", reverse("committee:notice_edit", args=n), OWN_MANAGERS, True),
        ("committee:notice_remind", reverse("committee:notice_remind", args=n), OWN_MANAGERS_POST, True),
        ("committee:notice_files", reverse("committee:notice_files", args=n), OWN_MANAGERS_POST, True),
        ("committee:notice_file", reverse("committee:notice_file", args=[*n, attachment.pk]), OWN_READ, False),
        ("committee:notice_read", reverse("committee:notice_read", args=n), OWN_RECIPIENT_POST, True),
        ("committee:notice_reply", reverse("committee:notice_reply", args=n), OWN_RECIPIENT_POST, True),
        ("committee:reply_file", reverse("committee:reply_file", args=[*n, reply_file.pk]), OWN_READ, False),
        ("committee:meetings", reverse("committee:meetings"), READ, False),
        ("committee:meeting_create", reverse("committee:meeting_create"), MANAGERS, True),
        ("committee:meeting", reverse("committee:meeting", args=m), READ, False),
        ("committee:meeting_edit", reverse("committee:meeting_edit", args=m), MANAGERS, True),
        ("committee:meeting_files", reverse("committee:meeting_files", args=m), MANAGERS_POST, True),
        ("committee:meeting_file", reverse("committee:meeting_file", args=[*m, meeting_file.pk]), READ, False),
        ("committee:decision_create", reverse("committee:decision_create", args=m), MANAGERS, True),
        ("committee:tasks", reverse("committee:tasks"), READ, False),
        ("committee:task_done", reverse("committee:task_done", args=[task.pk]), OWN_RECIPIENT, True),
        ("committee:trainings", reverse("committee:trainings"), READ, False),
        ("committee:training_create", reverse("committee:training_create"), MANAGERS, True),
        ("committee:training", reverse("committee:training", args=[training.pk]), READ, False),
        ("committee:training_edit", reverse("committee:training_edit", args=[training.pk]), MANAGERS, True),
        ("committee:session_create", reverse("committee:session_create", args=[training.pk]), MANAGERS, True),
        ("committee:attendance", reverse("committee:attendance", args=[session.pk]), MANAGERS, True),
        ("committee:college_training", reverse("committee:college_training", args=["aa"]), OWN_READ, False),
        ("committee:units", reverse("committee:units", args=[2022]), SCHOOL_READERS, False),
        ("committee:units_export", reverse("committee:units_export", args=[2022]), SCHOOL_READERS, False),
        ("committee:unit", reverse("committee:unit", args=d), SCHOOL_READERS, False),
        ("committee:unit_report", reverse("committee:unit_report", args=d), MANAGERS, True),
        ("committee:unit_transition", reverse("committee:unit_transition", args=d), MANAGERS_POST, True),
        ("committee:unit_rate", reverse("committee:unit_rate", args=s), MANAGERS, True),
        ("committee:unit_files", reverse("committee:unit_files", args=d), MANAGERS_POST, True),
        ("committee:unit_file", reverse("committee:unit_file", args=[*d, evidence.pk]), SCHOOL_READERS, False),
        (
            "committee:unit_file_delete",
            reverse("committee:unit_file_delete", args=[*d, evidence.pk]),
            MANAGERS_POST,
            True,
        ),
        ("committee:unit_home", reverse("committee:unit_home"), UNIT_CONTACTS_ONLY, False),
    ]
