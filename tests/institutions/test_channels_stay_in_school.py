"""What leaves the pages never crosses schools (issue 27, item 5): notifications, e-mail digests, reminders,
group robots, exports and the archive, search results, cached figures and the public feed."""

from __future__ import annotations

import contextvars
import datetime

from django.core.cache import cache
from django.utils import timezone

from activities.models import ActivityReport, ReportExport
from colleges.access import membership_of
from colleges.models import Role
from core import cache as figures
from core.scoping import every_school, school_scope
from dashboard import reminders
from dashboard.models import AnnualExport
from notifications import tasks as outbox
from notifications.models import Email, GroupMessage, GroupWebhook, Notification
from notifications.services import notify_role, users_with_role
from publicity.models import YearArchive
from tests.conftest import client_for, make_report
from tests.helpers import run_commit_hooks

from .test_cross_school_crawler import said_by, text_of
from .two_schools import A_MARKS, B_NOTICE, B_TITLE


def told(user) -> list[str]:
    with every_school():
        return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def outside_any_scope(task, *args):
    """Run a periodic task as Celery beat starts it: in a context with no school's scope at all."""
    return contextvars.Context().run(task, *args)


def test_a_message_to_all_staff_goes_to_the_schools_staff_only(users, school_b):
    assert set(users_with_role(Role.STAFF)) == {users["staff"]}
    with school_scope(school_b.school):
        assert set(users_with_role(Role.STAFF)) == {school_b.users["staff2"]}
        notify_role(Role.STAFF, "太湖全体通知")
    assert "太湖全体通知" in told(school_b.users["staff2"])
    assert "太湖全体通知" not in told(users["staff"])


def test_a_notice_of_school_b_tells_none_of_school_as_people(users, school_b):
    assert all(B_NOTICE not in title for person in users.values() for title in told(person))
    assert any(B_NOTICE in title for title in told(school_b.users["sec21"]))


def test_the_daily_digest_of_each_schools_staff_lists_its_own_reports(users, college_a, school_b):
    make_report(college_a, users["sec1"], status="submitted", title="甲校待审报告")
    with school_scope(school_b.school):
        make_report(school_b.objects["college"], school_b.users["sec21"], status="submitted", title="太湖待审报告")
    day = datetime.date(2022, 5, 5)
    submitted = timezone.make_aware(datetime.datetime(2022, 5, 4, 10))
    with every_school():
        ActivityReport.objects.filter(status="submitted").update(submitted_at=submitted)
    assert outside_any_scope(reminders.daily_submission_digest, day.isoformat()) == 2
    with every_school():
        mine = Notification.objects.get(user=users["staff"], dedupe_key=f"digest:{day}")
        theirs = Notification.objects.get(user=school_b.users["staff2"], dedupe_key=f"digest:{day}")
    assert "甲校待审报告" in mine.body and "太湖待审报告" not in mine.body
    assert "太湖待审报告" in theirs.body and "甲校待审报告" not in theirs.body


def test_the_digest_e_mails_are_in_each_recipients_schools_outbox(users, school_b):
    from notifications.models import EmailChoice, EmailPreference, NoticeKind

    for person in (users["staff"], school_b.users["staff2"]):
        person.email = f"{person.username}@gkw.example"
        person.save()
        EmailPreference.objects.create(user=person, kind=NoticeKind.NOTICES, choice=EmailChoice.DIGEST)
    notify_role(Role.STAFF, "甲校通知")
    with school_scope(school_b.school):
        notify_role(Role.STAFF, "太湖通知")
    assert outside_any_scope(outbox.send_daily_digests) == 2
    with every_school():
        digests = dict(Email.objects.filter(to__endswith="@gkw.example").values_list("to", "institution_id"))
    home_id = membership_of(users["staff"]).institution_id
    assert digests == {"staff@gkw.example": home_id, "staff2@gkw.example": school_b.school.pk}


def test_the_outbox_of_a_school_lists_its_own_e_mails(users, school_b):
    Email.objects.create(to="a@gkw.example", subject="甲校邮件", body="正文")
    with school_scope(school_b.school):
        Email.objects.create(to="b@gkw.example", subject="太湖邮件", body="正文")
    page = client_for(school_b.users["staff2"]).get("/notifications/outbox/").content.decode()
    assert "太湖邮件" in page and "甲校邮件" not in page
    page = client_for(users["staff"]).get("/notifications/outbox/").content.decode()
    assert "甲校邮件" in page and "太湖邮件" not in page


def test_the_reminders_run_in_each_school_and_tell_its_own_people(users, college_a, college_b, school_b):
    """Beat starts the reminders with no scope; each school's colleges that filed nothing hear of it, in their
    own school only (every college of both schools filed nothing for April 2022 but B's first college)."""
    outside_any_scope(reminders.monthly_reporting_reminder, "2022-06-01")
    told_a = told(users["sec1"]) + told(users["sec2"])
    told_b = told(school_b.users["sec21"]) + told(school_b.users["sec22"])
    assert any("机械技术学院" in title for title in told_a)
    assert any("太湖信息学院" in title for title in told_b)
    assert not any(mark in title for title in told_b for mark in ("机械技术学院", "控制技术学院"))
    assert not any("太湖" in title for title in told_a)


def test_a_group_message_of_a_schools_event_goes_to_its_own_robots_only(users, college_a, school_b):
    mine = GroupWebhook.objects.create(college=None, platform="wecom", hint="…0001", encrypted_url="")
    make_report(college_a, users["sec1"], status="submitted", title="甲校上报")
    notify_role(Role.STAFF, "甲校全体通知")
    with every_school():
        robots = set(GroupMessage.objects.values_list("webhook_id", flat=True))
    assert mine.pk in robots
    assert robots.isdisjoint({school_b.objects["robot"].pk, school_b.objects["college_robot"].pk})


def test_a_schools_exports_and_archive_hold_none_of_anothers_rows(users, report, school_b):
    from activities.tasks import build_report_export
    from dashboard.tasks import build_annual_export
    from publicity.tasks import build_year_archive

    staff2 = client_for(school_b.users["staff2"])
    for url in ("/reports/export.xlsx", "/care/export.xlsx"):
        said = text_of(staff2.get(url))
        assert not [mark for mark in A_MARKS if mark in said], url
    with school_scope(school_b.school):
        builds = [
            (build_report_export, ReportExport.objects.create(requested_by=school_b.users["staff2"])),
            (build_annual_export, AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["staff"])),
            (build_year_archive, YearArchive.objects.create(year=2022, requested_by=school_b.users["staff2"])),
        ]
    for task, build in builds:
        outside_any_scope(lambda task=task, build=build: task.apply(args=(build.pk,)))
        with school_scope(school_b.school):
            build.refresh_from_db()
            assert build.state == "done", (task.name, build.state)
            said = said_by(build.file.read())
        assert not [mark for mark in A_MARKS if mark in said], task.name
        assert "太湖" in said, task.name  # B's own rows are there


def test_the_report_search_finds_the_schools_own_reports_only(users, report, school_b):
    page = client_for(school_b.users["staff2"]).get("/reports/", {"q": "宣讲"}).content.decode()
    assert B_TITLE in page and "讲师团宣讲：百年党史" not in page and "待审核的宣讲报告" not in page
    page = client_for(users["staff"]).get("/reports/", {"q": "宣讲"}).content.decode()
    assert "讲师团宣讲：百年党史" in page and B_TITLE not in page


def test_cached_figures_are_each_schools_own(users, school_b):
    run_commit_hooks()  # nothing waits to retire the figures: they are read from the cache
    cache.clear()
    assert figures.cached("isolation", lambda: "甲校") == "甲校"
    with school_scope(school_b.school):
        assert figures.cached("isolation", lambda: "太湖") == "太湖"
    assert figures.cached("isolation", lambda: "其他") == "甲校"


def test_the_public_feed_at_the_root_is_the_home_schools_only(client, users, school_b):
    with school_scope(school_b.school):
        assert school_b.objects["news"].status == "published"
    feed = client.get("/news/feed/").content.decode()
    assert "太湖新闻" not in feed
