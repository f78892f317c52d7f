"""The periodic messages: right people, right content, once however often the job runs."""

import datetime

from django.utils import timezone

from activities.models import ActivityReport, Status
from dashboard import reminders
from notifications.models import Notification
from scoring import assessments, schemes

from ..conftest import make_report


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_staff_get_one_daily_digest_of_yesterdays_submissions(users, college_a, college_b):
    make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="宣讲一")
    make_report(college_b, users["sec2"], status=Status.SUBMITTED, title="调研二")
    yesterday_9am = timezone.make_aware(datetime.datetime(2022, 5, 9, 9, 0))
    ActivityReport.objects.update(submitted_at=yesterday_9am)
    assert reminders.daily_submission_digest("2022-05-10") == 1  # the committee staff
    assert reminders.daily_submission_digest("2022-05-10") == 0  # the job ran twice: nobody hears twice
    digest = Notification.objects.get(user=users["staff"])
    assert digest.title == "2 份活动报告已提交待审核"
    assert "机械：宣讲一" in digest.body and "控制：调研二" in digest.body
    assert titles(users["sec1"]) == []


def test_a_quiet_college_is_reminded_on_the_first_of_the_month(users, college_a, college_b):
    may = datetime.date(2022, 5, 4)
    make_report(college_a, users["sec1"], starts_on=may, ends_on=may)
    assert reminders.monthly_reporting_reminder("2022-06-01") == 1
    assert reminders.monthly_reporting_reminder("2022-06-01") == 0
    assert titles(users["sec2"]) == ["控制技术学院 2022 年 05 月未填报活动报告"]
    assert titles(users["sec1"]) == []


def test_secretaries_with_an_open_self_assessment_are_reminded_before_the_deadline(users, college_a, college_b):
    scheme, _ = schemes.load_scheme_file()  # deadline 2022-11-30
    assessments.ensure_assessments(scheme)
    full = {
        s.pk: assessments.ScoreInput(s.indicator.max_points)
        for s in assessments.scores_of(assessments.find_assessment(college_b, scheme))
    }
    assessment_b = assessments.find_assessment(college_b, scheme)
    assessments.save_scores(assessment_b, users["sec2"], "self_score", full)
    assessments.transition(assessment_b, users["sec2"], "submit")
    assert reminders.self_assessment_deadline_reminder("2022-11-22") == 0
    assert reminders.self_assessment_deadline_reminder("2022-11-23") == 1  # a week before, only the open one
    assert reminders.self_assessment_deadline_reminder("2022-11-23") == 0
    assert reminders.self_assessment_deadline_reminder("2022-11-29") == 1  # and the day before
    assert titles(users["sec1"]) == ["2022 年自评将于 2022年11月30日 截止"] * 2
    assert titles(users["sec2"]) == []


def test_the_office_gets_a_weekly_summary(users, plan, college_a, college_b):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    assert reminders.weekly_office_summary(timezone.localdate().isoformat()) == 1
    assert reminders.weekly_office_summary(timezone.localdate().isoformat()) == 0
    summary = Notification.objects.get(user=users["office"])
    assert "本周提交活动报告 1 份，审核通过 1 份" in summary.body
