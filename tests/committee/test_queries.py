"""No query per row: the committee's lists cost the same number of queries with more rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from colleges.models import College, CommitteeMember, MemberUnit
from committee.models import Meeting, Notice, RatingLevel, TrainingClass, TrainingSession
from committee.services import meetings as meeting_services
from committee.services import notices as notice_services
from committee.services import training as training_services
from committee.services import units as unit_services
from tests.matrix.committee import pdf


def queries(client, url):
    client.get(url)  # the session's first request may update last_login
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(users, n):
    """n more colleges (with a member each), every one given the notice, a task and a training attendance."""
    start = College.objects.count()
    colleges = [
        College.objects.create(code=f"c{start + i}", name=f"学院{start + i}", short_name=f"院{start + i}")
        for i in range(n)
    ]
    members = [CommitteeMember.objects.create(college=c, name=f"成员{c.code}") for c in colleges]
    return colleges, members


def test_the_committee_pages_cost_no_query_per_row(users, plan, college_a, as_user):
    staff = users["staff"]
    notice = notice_services.publish_notice(Notice(title="通知", body="正文", audience="all_colleges"), staff)
    meeting = meeting_services.save_meeting(Meeting(title="会议", held_on=datetime.date(2022, 3, 1)), staff, [], [])
    training = training_services.save_training(TrainingClass(title="培训班", year=2022), staff)
    session = training_services.add_session(
        training, staff, TrainingSession(held_on=datetime.date(2022, 5, 1), topic="专题", hours=2)
    )

    units = list(MemberUnit.objects.order_by("order"))

    def build(colleges, members, reporting_units):
        for college in colleges:
            notice.receipts.create(college=college)
        meeting_services.add_decision(meeting, staff, "落实", colleges, reporting_units, datetime.date(2022, 4, 1))
        session.refresh_from_db()
        training_services.record_attendance(session, staff, list(session.attendees.all()) + members, session.version)
        for unit in reporting_units:
            report = unit_services.save_unit_report(unit, 2022, staff, "自评", 0)
            unit_services.add_unit_files(report, staff, [pdf()])
            report.refresh_from_db()
            report = unit_services.transition_unit_report(report, staff, "submit", "", report.version)
            unit_services.rate_unit_report(report, staff, RatingLevel.objects.first(), "", report.version)

    urls = [
        reverse("committee:notices"),
        notice.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("committee:tasks"),
        training.get_absolute_url(),
        reverse("committee:units", args=[2022]),
        reverse("committee:college_training", args=["aa"]),
    ]
    build(*grow(users, 2), units[:2])
    client = as_user("staff")
    before = {url: queries(client, url) for url in urls}
    build(*grow(users, 5), units[2:7])
    after = {url: queries(client, url) for url in urls}
    assert after == before
