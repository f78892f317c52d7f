"""Periodic messages (see CELERY_BEAT_SCHEDULE), each school's to its own people (institutions.each runs every
one once per school, in its scope: issue 27). Each one keys its notifications by person and period, so a job
that runs twice — a redelivered message, a restarted beat — tells each person once."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityReport, Status
from colleges.models import College
from core.text import chinese_date, fmt
from institutions.each import in_each_school
from notifications.access import COMMITTEE_STAFF, PARTY_OFFICE
from notifications.models import NoticeKind
from notifications.services import notify_college, notify_role
from scoring.models import Assessment, AssessmentStatus, Scheme

from . import figures

DEADLINE_REMINDER_DAYS = (7, 1)


@shared_task(ignore_result=True)
@in_each_school
def daily_submission_digest(today: str | None = None) -> int:
    """Staff: one message a day listing the reports submitted since yesterday's digest, not one per report."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time(8)))
    submitted = list(
        ActivityReport.objects.filter(submitted_at__gte=start, submitted_at__lt=start + datetime.timedelta(days=1))
        .select_related("college")
        .order_by("college__order", "submitted_at")
    )
    if not submitted:
        return 0
    lines = "\n".join(f"· {r.college.short_name}：{r.title}" for r in submitted)
    title = _("%(count)d activity reports submitted for review") % {"count": len(submitted)}
    return len(
        notify_role(
            COMMITTEE_STAFF,
            title,
            lines,
            reverse("activities:review"),
            kind=NoticeKind.DIGESTS,
            dedupe_key=f"digest:{day}",
            facts=[
                (pgettext("field", "Date"), chinese_date(day)),
                (pgettext("field", "Reports waiting"), str(len(submitted))),
            ],
        )
    )


@shared_task(ignore_result=True)
@in_each_school
def monthly_reporting_reminder(today: str | None = None) -> int:
    """Each college that reported nothing last month hears so on the first of the month."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    last_month_end = day.replace(day=1) - datetime.timedelta(days=1)
    first = last_month_end.replace(day=1)
    reported = set(
        ActivityReport.objects.filter(starts_on__gte=first, starts_on__lte=last_month_end).values_list(
            "college_id", flat=True
        )
    )
    told = 0
    for college in College.objects.active().exclude(pk__in=reported):
        title = _("%(college)s filed no activity report for %(year)d-%(month)02d") % {
            "college": college.name,
            "year": first.year,
            "month": first.month,
        }
        body = _("If your committee held activities last month, please file their reports.")
        told += len(
            notify_college(
                college,
                title,
                body,
                reverse("activities:create"),
                kind=NoticeKind.REMINDERS,
                dedupe_key=f"quiet:{first:%Y-%m}",
                facts=[
                    (pgettext("field", "College"), college.name),
                    (pgettext("field", "Month"), f"{first.year}年{first.month}月"),
                ],
            )
        )
    return told


@shared_task(ignore_result=True)
@in_each_school
def self_assessment_deadline_reminder(today: str | None = None) -> int:
    """Secretaries whose self-assessment is still open, a week and a day before the deadline."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    told = 0
    for days in DEADLINE_REMINDER_DAYS:
        for scheme in Scheme.objects.filter(self_assessment_deadline=day + datetime.timedelta(days=days)):
            open_ones = Assessment.objects.filter(scheme=scheme, status=AssessmentStatus.SELF).select_related(
                "college"
            )
            for assessment in open_ones:
                title = _("The %(year)d self-assessment is due on %(deadline)s") % {
                    "year": scheme.year,
                    "deadline": chinese_date(scheme.self_assessment_deadline),
                }
                told += len(
                    notify_college(
                        assessment.college,
                        title,
                        _("Please fill in every indicator and submit it."),
                        assessment.get_absolute_url(),
                        kind=NoticeKind.REMINDERS,
                        dedupe_key=f"deadline:{scheme.year}:{days}",
                        facts=[
                            (pgettext("field", "College"), assessment.college.name),
                            (pgettext("field", "Year"), str(scheme.year)),
                            (pgettext("field", "Deadline"), chinese_date(scheme.self_assessment_deadline)),
                        ],
                    )
                )
    return told


@shared_task(ignore_result=True)
@in_each_school
def weekly_office_summary(today: str | None = None) -> int:
    """The party office: the week's reports and where the school stands, once a week."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    week_start = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=7), datetime.time()))
    week = ActivityReport.objects.filter(updated_at__gte=week_start).aggregate(
        submitted=Count("pk", filter=Q(submitted_at__gte=week_start)),
        approved=Count("pk", filter=Q(status=Status.APPROVED, reviewed_at__gte=week_start)),
    )
    year = day.year if Scheme.objects.filter(year=day.year).exists() else (figures.available_years() or [day.year])[0]
    share = figures.balanced(year)
    title = _("Weekly summary for the week to %(day)s") % {"day": day.isoformat()}
    body = _(
        "Reports submitted this week: %(submitted)d; approved: %(approved)d.\n"
        "Colleges in balanced development (%(year)d): %(balanced)d of %(colleges)d (%(percent)s%%)."
    ) % {
        "submitted": week["submitted"],
        "approved": week["approved"],
        "year": year,
        "balanced": share.balanced,
        "colleges": share.colleges,
        "percent": fmt(share.percent),
    }
    link = reverse("dashboard:year", args=[year])
    return len(
        notify_role(
            PARTY_OFFICE,
            title,
            body,
            link,
            kind=NoticeKind.DIGESTS,
            dedupe_key=f"weekly:{day.isocalendar()[:2]}",
            facts=[(pgettext("field", "Year"), str(year)), (pgettext("field", "Week of"), chinese_date(day))],
        )
    )
