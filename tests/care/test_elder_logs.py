"""Elders log their own talks, sessions and meetings on their page; the college confirms what counts (issue 24,
item 8). What an elder logs is theirs and waits; only a confirmed record counts in any figure; a returned one shows
its reason to the elder, who corrects it and sends it again; another elder's pair is not theirs."""

import datetime
import html
import io

import pytest
from django.contrib.messages import constants
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from care import export, figures, queries, services, workflow
from care.models import CareEvent, CareSession, LogStatus, MentorMeeting, Mentorship, Need, Offer, Programme
from colleges.models import CommitteeMember, ElderKind, Role

from ..conftest import client_for, make_user

TODAY = timezone.localdate()


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


@pytest.fixture
def active_pair(users, college_a, categories, offer_a):
    need = services.post_need(
        Need(college=college_a, category=categories["motivation"], person_code="JX-ELDER", description="学习动力"),
        users["sec1"],
    )
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    return services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)


@pytest.fixture
def mentorship(users, college_a, offer_a):
    programme = services.save_programme(
        Programme(kind="qinglan", year=TODAY.year, college=college_a, title="青蓝工程"), users["sec1"]
    )
    return services.add_mentorship(
        Mentorship(programme=programme, offer=offer_a, mentees="王老师", goals="提升教学"), users["sec1"]
    )


def log_through_the_page(elder, pair, **fields):
    data = {"held_on": TODAY.isoformat(), "minutes": "50", "kind": "talk", "note": "谈学习计划", "follow_up": ""}
    return client_for(elder).post(reverse("care:elder_session_create", args=[pair.pk]), data | fields)


def every_count(college, pair, programme):
    """Every figure that counts sessions or meetings, as a reader of the college would see it."""
    summary = figures.school_summary(TODAY.year)
    month = services.month_figures(college, TODAY.year, TODAY.month)
    workbook = Workbook()
    export.annual_sheets(workbook, TODAY.year, "年度总结")
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(buffer)[zh("Care and mentoring")]
    return {
        "month": {k: v for k, v in month.items() if k != "member_ids"},
        "summary": summary["programmes"],
        "annual sheet": [tuple(row) for row in sheet.iter_rows(values_only=True)],
        "need's pairs": [p.session_count for p in queries.need_pairs(pair.need)],
        "programme's pairs": [(m.meeting_count, m.meeting_minutes) for m in queries.programme_mentorships(programme)],
    }


def test_the_elder_logs_a_talk_of_their_own_pair_and_it_waits_for_the_college(
    users, elder_user, active_pair, counsellor
):
    page = client_for(elder_user).get(reverse("care:mine")).content.decode()
    create = reverse("care:elder_session_create", args=[active_pair.pk])
    assert create in page
    form = client_for(elder_user).get(create)
    assert form.status_code == 200 and form.context["form"].initial["held_on"] == TODAY  # the typing done for them

    response = log_through_the_page(elder_user, active_pair)
    assert response.status_code == 302 and response["Location"] == reverse("care:mine")
    session = CareSession.objects.get()
    assert (session.status, session.created_by, session.minutes) == (LogStatus.PENDING, elder_user, 50)
    assert CareEvent.objects.filter(pair=active_pair, action="elder_log", actor=elder_user).exists()
    mine = html.unescape(client_for(elder_user).get(reverse("care:mine")).content.decode())
    with translation.override("zh-hans"):
        waiting = str(LogStatus.PENDING.label)
    assert waiting in mine
    # The college's care people are told where to confirm it.
    for person in (users["sec1"], counsellor):
        assert person.notifications.filter(link=reverse("care:pending")).exists()


def test_the_elder_logs_a_meeting_of_their_own_mentoring_pair(users, elder_user, mentorship):
    url = reverse("care:elder_meeting_create", args=[mentorship.pk])
    assert url in client_for(elder_user).get(reverse("care:mine")).content.decode()
    data = {"held_on": TODAY.isoformat(), "minutes": "90", "topic": "听课与评课", "note": ""}
    assert client_for(elder_user).post(url, data).status_code == 302
    meeting = MentorMeeting.objects.get()
    assert (meeting.status, meeting.created_by) == (LogStatus.PENDING, elder_user)


def test_another_elder_cannot_log_on_someone_elses_pair(users, college_a, categories, active_pair, mentorship):
    member = CommitteeMember.objects.create(college=college_a, name="戊老师", elder_kind=ElderKind.VETERAN)
    other = make_user("elder_other", Role.ELDER)
    services.save_offer(Offer(member=member, capacity=2, user=other), users["staff"], categories.values())
    client = client_for(other)
    for url in (
        reverse("care:elder_session_create", args=[active_pair.pk]),
        reverse("care:elder_meeting_create", args=[mentorship.pk]),
    ):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"held_on": TODAY.isoformat(), "minutes": "30", "kind": "talk", "topic": "x"}).status_code
            == 404
        )
    # The college's own people have these pages only as the elder's: the role is the reason they are told.
    refused = client_for(users["sec1"]).get(reverse("care:elder_session_create", args=[active_pair.pk]))
    assert refused.status_code == 403
    assert zh("This page is not part of your role in the portal.") in html.unescape(refused.content.decode())
    # And the service itself refuses a pair that is not the elder's, whatever calls it.
    with pytest.raises(services.CareError):
        services.log_own_session(CareSession(pair=active_pair, held_on=TODAY, minutes=30, kind="talk"), other)
    assert not CareSession.objects.exists() and not MentorMeeting.objects.exists()


def test_an_unconfirmed_record_counts_in_no_figure_and_a_confirmed_one_does(
    users, college_a, elder_user, active_pair, mentorship, as_user
):
    programme = mentorship.programme
    before = every_count(college_a, active_pair, programme)
    assert log_through_the_page(elder_user, active_pair).status_code == 302
    meeting = services.log_own_meeting(
        MentorMeeting(mentorship=mentorship, held_on=TODAY, minutes=90, topic="听课"), elder_user
    )
    assert every_count(college_a, active_pair, programme) == before, "a record waiting for the college counted"
    assert queries.programmes_list(users["sec1"]).get().meeting_count == 0
    overview = as_user("sec1").get(reverse("care:overview"))
    assert overview.context["pending_logs"] == 2 and reverse("care:pending") in overview.content.decode()

    session = CareSession.objects.get()
    client = as_user("sec1")
    for url, record in [
        (reverse("care:session_review", args=[session.pk]), session),
        (reverse("care:meeting_review", args=[meeting.pk]), meeting),
    ]:
        response = client.post(url, {"action": "confirm", "version": record.version})
        assert response.status_code == 302 and response["Location"] == reverse("care:pending")
    after = every_count(college_a, active_pair, programme)
    assert after["month"]["sessions"] == before["month"]["sessions"] + 1
    assert after["month"]["minutes"] == before["month"]["minutes"] + 50
    assert after["month"]["meetings"] == before["month"]["meetings"] + 1
    assert after["need's pairs"] == [1] and after["programme's pairs"] == [(1, 90)]
    assert after["summary"][0]["meetings"] == 1 and after["annual sheet"] != before["annual sheet"]
    assert queries.programmes_list(users["sec1"]).get().meeting_count == 1
    assert CareSession.objects.get().reviewed_by == users["sec1"]


def test_a_returned_record_shows_its_reason_to_the_elder_who_corrects_and_sends_it_again(
    users, elder_user, active_pair, counsellor
):
    log_through_the_page(elder_user, active_pair)
    session = CareSession.objects.get()
    # A counsellor of the college confirms or returns as its secretary does.
    response = client_for(counsellor).post(
        reverse("care:session_review", args=[session.pk]),
        {"action": "return", "reason": "日期应为上周三", "version": session.version},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.return_reason) == (LogStatus.RETURNED, "日期应为上周三")
    assert elder_user.notifications.filter(body="日期应为上周三").exists()
    page = client_for(elder_user).get(reverse("care:mine"))
    text = html.unescape(page.content.decode())
    resend = reverse("care:elder_session_resend", args=[session.pk])
    assert "日期应为上周三" in text and resend in text and page.context["returned"] == 1

    last_week = TODAY - datetime.timedelta(days=7)
    data = {"held_on": last_week.isoformat(), "minutes": "50", "kind": "talk", "note": "", "version": session.version}
    response = client_for(elder_user).post(resend, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.held_on, session.return_reason) == (LogStatus.PENDING, last_week, "")
    # Sent again, it cannot be sent a second time: only a returned record is corrected.
    again = client_for(elder_user).get(resend)
    assert again.status_code == 302 and again["Location"] == reverse("care:mine")


def test_a_return_needs_a_reason_and_a_stale_button_is_told(users, elder_user, active_pair, as_user):
    log_through_the_page(elder_user, active_pair)
    session = CareSession.objects.get()
    url = reverse("care:session_review", args=[session.pk])
    client = as_user("sec1")
    refused = client.post(url, {"action": "return", "reason": " ", "version": session.version}, follow=True)
    assert zh("Please say why the record is returned, so that the elder can correct it.") in html.unescape(
        refused.content.decode()
    )
    assert client.post(url, {"action": "confirm", "version": session.version}).status_code == 302
    stale = client.post(url, {"action": "return", "reason": "晚了", "version": session.version}, follow=True)
    assert CareSession.objects.get().status == LogStatus.CONFIRMED
    assert constants.ERROR in [m.level for m in stale.context["messages"]]


def test_only_the_college_or_staff_confirm_and_the_office_reads_without_buttons(
    users, elder_user, active_pair, as_user
):
    log_through_the_page(elder_user, active_pair)
    session = CareSession.objects.get()
    url = reverse("care:session_review", args=[session.pk])
    office = as_user("office").get(reverse("care:pending"))
    assert office.status_code == 200 and "JX-ELDER" in office.content.decode() and url not in office.content.decode()
    assert as_user("office").post(url, {"action": "confirm", "version": session.version}).status_code == 403
    assert as_user("sec2").post(url, {"action": "confirm", "version": session.version}).status_code == 404
    assert "JX-ELDER" not in as_user("sec2").get(reverse("care:pending")).content.decode()
    assert as_user("staff").get(reverse("care:pending")).content.decode().count(url) == 2  # confirm and return
    assert CareSession.objects.get().status == LogStatus.PENDING


def test_a_school_wide_programmes_meeting_is_confirmed_by_staff(users, elder_user, offer_a, as_user):
    programme = services.save_programme(Programme(kind="qinglan", year=TODAY.year, title="全校青蓝"), users["staff"])
    pair = services.add_mentorship(
        Mentorship(programme=programme, offer=offer_a, mentees="赵老师", goals="g"), users["staff"]
    )
    meeting = services.log_own_meeting(MentorMeeting(mentorship=pair, held_on=TODAY, topic="备课"), elder_user)
    url = reverse("care:meeting_review", args=[meeting.pk])
    assert as_user("sec1").post(url, {"action": "confirm", "version": meeting.version}).status_code == 404
    assert as_user("staff").post(url, {"action": "confirm", "version": meeting.version}).status_code == 302
    assert MentorMeeting.objects.get().status == LogStatus.CONFIRMED
    assert users["staff"].notifications.filter(link=reverse("care:pending")).exists()


def test_what_the_college_logs_itself_counts_at_once(users, active_pair):
    services.log_session(CareSession(pair=active_pair, held_on=TODAY, minutes=60, kind="talk"), users["sec1"])
    assert CareSession.objects.get().status == LogStatus.CONFIRMED


def test_the_list_to_confirm_costs_the_same_for_one_record_or_many(users, elder_user, active_pair, mentorship):
    def queries_for_the_page():
        client = client_for(users["sec1"])
        client.get(reverse("care:pending"))  # the session and the user are loaded once; count the page's own
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("care:pending")).status_code == 200
        return len(captured)

    log_through_the_page(elder_user, active_pair)
    services.log_own_meeting(MentorMeeting(mentorship=mentorship, held_on=TODAY, topic="备课"), elder_user)
    few = queries_for_the_page()
    for _ in range(5):
        log_through_the_page(elder_user, active_pair)
        services.log_own_meeting(MentorMeeting(mentorship=mentorship, held_on=TODAY, topic="备课"), elder_user)
    assert queries_for_the_page() == few
