"""The care board's pages in the permission matrix (see tests/matrix/__init__.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from care import services, workflow
from care.models import (
    CareEvent,
    CareSession,
    MaterialHelp,
    MentorMeeting,
    Mentorship,
    MonthlyCareReport,
    Need,
    NeedCategory,
    Offer,
    Pair,
    Programme,
    SensitiveRead,
)
from colleges.models import CommitteeMember, Membership, Role

EVERY_ROLE = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
AUTHORS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
OWN_READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_WRITE = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_POST_ONLY = {"staff": 405, "office": 403, "sec1": 405, "sec2": 404, "admin": 405, "norole": 403}
# The resources menu is read across the school; an offer is kept by its own college (or staff).
OFFER_KEEPERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 403, "admin": 200, "norole": 403}
MANAGERS = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
ELDERS_ONLY = dict.fromkeys(EVERY_ROLE, 403)
# The college confirms what an elder logged; the office reads the list and confirms nothing.
CONFIRMERS_POST_ONLY = OWN_POST_ONLY

MODELS = [
    NeedCategory,
    Need,
    Offer,
    Pair,
    CareSession,
    MaterialHelp,
    MonthlyCareReport,
    Programme,
    Mentorship,
    MentorMeeting,
    CareEvent,
    SensitiveRead,
]


def care_objects(college_a, report=None):
    """An offer of college A's elder (with the elder's account), an open sensitive need, a need with an active
    pair, a programme with a pair, a session and a meeting the elder logged (waiting for the college) and one the
    college returned, and (given a report) a month's report of college A."""
    services.ensure_default_categories()
    staff = get_user_model().objects.filter(membership__role=Role.STAFF).first()
    member = CommitteeMember.objects.filter(college=college_a).exclude(elder_kind="").first()
    categories = {c.code: c for c in NeedCategory.objects.all()}
    elder = get_user_model().objects.create_user(username="elder-matrix", email="elder-matrix@gkw.example")
    Membership.objects.create(user=elder, role=Role.ELDER)
    offer = services.save_offer(
        Offer(member=member, campus="zhongqiao", capacity=3, user=elder), staff, list(categories.values())
    )
    open_need = services.post_need(
        Need(
            college=college_a,
            category=categories["counselling"],
            person_code="JX-01",
            description="需要谈心",
            notes="保密备注",
        ),
        staff,
    )
    matched = services.post_need(
        Need(college=college_a, category=categories["motivation"], person_code="JX-02", description="学习动力"),
        staff,
    )
    pair = services.propose(matched, offer, staff, matched.version)
    pair = services.transition_pair(pair, staff, workflow.CONFIRM, pair.version)
    services.log_session(
        CareSession(pair=pair, held_on=datetime.date.today(), minutes=60, kind="talk", note="交流学习方法"), staff
    )
    programme = services.save_programme(
        Programme(kind="qinglan", year=2022, college=college_a, title="青蓝工程"), staff
    )
    mentorship = services.add_mentorship(
        Mentorship(programme=programme, offer=offer, mentees="王老师", goals="提升教学"), staff
    )
    today = datetime.date.today()
    pending_session = services.log_own_session(
        CareSession(pair=pair, held_on=today, minutes=45, kind="talk", note="老同志自己记录的谈心"), elder
    )
    returned = services.log_own_session(CareSession(pair=pair, held_on=today, minutes=30, kind="help"), elder)
    services.review_log(returned, staff, workflow.RETURN_LOG, returned.version, "日期有误")
    pending_meeting = services.log_own_meeting(
        MentorMeeting(mentorship=mentorship, held_on=today, minutes=90, topic="听课与评课"), elder
    )
    monthly = None
    if report is not None:
        monthly = MonthlyCareReport.objects.create(college=college_a, year=2022, month=5, report=report)
    return {
        "offer": offer,
        "open_need": open_need,
        "matched": matched,
        "pair": pair,
        "programme": programme,
        "mentorship": mentorship,
        "monthly": monthly,
        "pending_session": pending_session,
        "returned_session": returned,
        "pending_meeting": pending_meeting,
    }


def cases(plan, college_a, report, assessment=None, export=None):
    o = care_objects(college_a, report)
    need, pair, programme, mentorship = o["open_need"].pk, o["pair"].pk, o["programme"].pk, o["mentorship"].pk
    return [
        ("care:overview", reverse("care:overview"), EVERY_ROLE, False),
        ("care:export", reverse("care:export"), EVERY_ROLE, False),
        ("care:mine", reverse("care:mine"), ELDERS_ONLY, False),
        ("care:elder_session_create", reverse("care:elder_session_create", args=[pair]), ELDERS_ONLY, True),
        ("care:elder_meeting_create", reverse("care:elder_meeting_create", args=[mentorship]), ELDERS_ONLY, True),
        (
            "care:elder_session_resend",
            reverse("care:elder_session_resend", args=[o["returned_session"].pk]),
            ELDERS_ONLY,
            True,
        ),
        (
            "care:elder_meeting_resend",
            reverse("care:elder_meeting_resend", args=[o["pending_meeting"].pk]),
            ELDERS_ONLY,
            True,
        ),
        ("care:pending", reverse("care:pending"), EVERY_ROLE, False),
        (
            "care:session_review",
            reverse("care:session_review", args=[o["pending_session"].pk]),
            CONFIRMERS_POST_ONLY,
            True,
        ),
        (
            "care:meeting_review",
            reverse("care:meeting_review", args=[o["pending_meeting"].pk]),
            CONFIRMERS_POST_ONLY,
            True,
        ),
        ("care:needs", reverse("care:needs"), EVERY_ROLE, False),
        ("care:need_create", reverse("care:need_create"), AUTHORS, True),
        ("care:need", reverse("care:need", args=[need]), OWN_READ, False),
        ("care:need_edit", reverse("care:need_edit", args=[need]), OWN_WRITE, True),
        ("care:need_notes", reverse("care:need_notes", args=[need]), OWN_WRITE, False),
        ("care:match", reverse("care:match", args=[need]), OWN_WRITE, True),
        ("care:pair", reverse("care:pair", args=[pair]), OWN_READ, False),
        ("care:pair_action", reverse("care:pair_action", args=[pair]), OWN_POST_ONLY, True),
        ("care:pair_close", reverse("care:pair_close", args=[pair]), OWN_WRITE, True),
        ("care:session_create", reverse("care:session_create", args=[pair]), OWN_WRITE, True),
        ("care:offers", reverse("care:offers"), EVERY_ROLE, False),
        ("care:offer_create", reverse("care:offer_create"), AUTHORS, True),
        ("care:offer_edit", reverse("care:offer_edit", args=[o["offer"].pk]), OFFER_KEEPERS, True),
        ("care:material", reverse("care:material"), EVERY_ROLE, False),
        ("care:material_create", reverse("care:material_create"), AUTHORS, True),
        ("care:month_report", reverse("care:month_report"), AUTHORS, True),
        ("care:month_photos", reverse("care:month_photos", args=[o["monthly"].pk]), OWN_POST_ONLY, True),
        (
            "care:month_photo_delete",
            reverse("care:month_photo_delete", args=[o["monthly"].pk, report.evidence.first().pk]),
            OWN_POST_ONLY,
            True,
        ),
        ("care:month_submit", reverse("care:month_submit", args=[o["monthly"].pk]), OWN_POST_ONLY, True),
        ("care:link_evidence", reverse("care:link_evidence", args=[o["monthly"].pk]), OWN_POST_ONLY, True),
        ("care:programmes", reverse("care:programmes"), EVERY_ROLE, False),
        ("care:programme_create", reverse("care:programme_create"), AUTHORS, True),
        ("care:programme", reverse("care:programme", args=[programme]), OWN_READ, False),
        ("care:programme_edit", reverse("care:programme_edit", args=[programme]), OWN_WRITE, True),
        ("care:mentorship_create", reverse("care:mentorship_create", args=[programme]), OWN_WRITE, True),
        ("care:mentorship", reverse("care:mentorship", args=[mentorship]), OWN_READ, False),
        ("care:meeting_create", reverse("care:meeting_create", args=[mentorship]), OWN_WRITE, True),
        ("care:evaluate", reverse("care:evaluate", args=[mentorship]), OWN_WRITE, True),
        ("care:read_log", reverse("care:read_log"), MANAGERS, False),
    ]
