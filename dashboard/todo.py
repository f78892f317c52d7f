"""What each role has to do now: the home page's to-do cards (docs UX.md, "Home is a to-do list").

Each function answers in a fixed number of queries, whatever the number of reports, colleges or assessments:
lists are cut to their newest few and counted by one aggregate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import ActivityReport, Status
from colleges.access import access_for
from colleges.models import College
from core.keyset import BoundedCount, bounded_counts
from scoring.models import Assessment, AssessmentStatus, Scheme

LISTED = 10  # the newest drafts and returned reports the home lists; the counts link to the rest

# The home never shows a verdict before the review has made one (UX.md rule 3).
ASSESSMENT_STATES = {
    None: pgettext_lazy("status", "Not started"),
    AssessmentStatus.SELF: _("Self-assessment in progress"),
    AssessmentStatus.SUBMITTED: pgettext_lazy("status", "Awaiting review"),
    AssessmentStatus.FINALISED: pgettext_lazy("status", "Completed"),
}


@dataclass(frozen=True)
class SelfAssessment:
    scheme: Scheme
    assessment: Assessment | None
    today: datetime.date

    @property
    def state(self) -> str:
        return str(ASSESSMENT_STATES[self.assessment.status if self.assessment else None])

    @property
    def is_open(self) -> bool:
        """Still the college's to do: not yet submitted for review."""
        return self.assessment is None or self.assessment.status == AssessmentStatus.SELF

    @property
    def deadline(self) -> datetime.date | None:
        return self.scheme.self_assessment_deadline

    @property
    def days_left(self) -> int | None:
        """Whole days until the deadline (0 on the day itself, negative once it has passed); None without one."""
        return (self.deadline - self.today).days if self.deadline else None

    @property
    def is_overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def secretary_todo(user, today: datetime.date) -> dict:
    """A secretary's college, its drafts and returned reports (newest first), the number waiting for review, and
    the self-assessment of the newest scheme year."""
    college_id = access_for(user).college_id
    reports = ActivityReport.objects.filter(college_id=college_id)
    counts = reports.aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
    )
    drafts = reports.filter(status=Status.DRAFT).only("pk", "title", "starts_on", "updated_at")
    returned = reports.filter(status=Status.RETURNED).only("pk", "title", "return_reason", "reviewed_at")
    scheme = Scheme.objects.first()
    assessment = None
    if scheme is not None:
        assessment = Assessment.objects.filter(college_id=college_id, scheme=scheme).only("pk", "status").first()
    return {
        "college": College.objects.get(pk=college_id),
        "counts": counts,
        "drafts": list(drafts.order_by("-updated_at", "-pk")[:LISTED]),
        "returned": list(returned.order_by("-reviewed_at", "-pk")[:LISTED]),
        "self_assessment": SelfAssessment(scheme, assessment, today) if scheme else None,
    }


@dataclass(frozen=True)
class AgeBucket:
    label: str
    count: BoundedCount


def queue_by_age(today: datetime.date) -> list[AgeBucket]:
    """Reports waiting for review, by how many days ago (in local dates) they were submitted: today, 1–3 days,
    4–7 days, over a week. Each is counted up to a bound, in one query over the (status, submitted_at) index, so
    that 80,000 waiting reports cost what 80 do."""
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    three_days, a_week = midnight - datetime.timedelta(days=3), midnight - datetime.timedelta(days=7)
    waiting = ActivityReport.objects.filter(status=Status.SUBMITTED)
    counts = bounded_counts(
        today=waiting.filter(submitted_at__gte=midnight),
        recent=waiting.filter(submitted_at__gte=three_days, submitted_at__lt=midnight),
        week=waiting.filter(submitted_at__gte=a_week, submitted_at__lt=three_days),
        # A report without a submission time (filed before the time was recorded) has waited longest.
        older=waiting.filter(Q(submitted_at__lt=a_week) | Q(submitted_at__isnull=True)),
    )
    return [
        AgeBucket(str(_("Submitted today")), counts["today"]),
        AgeBucket(str(_("1–3 days ago")), counts["recent"]),
        AgeBucket(str(_("4–7 days ago")), counts["week"]),
        AgeBucket(str(_("Over a week ago")), counts["older"]),
    ]


def month_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local calendar month of `today` as [start, end) aware datetimes."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=31)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()))


def staff_todo(today: datetime.date) -> dict:
    """Staff's to do: the review queue by age, assessments submitted for review, and the active colleges that
    have created no report in this calendar month. Lists show their first LISTED and a bounded count: a province
    has thousands of colleges, and in a month's first days most of them are silent."""
    start, end = month_bounds(today)
    filed_this_month = ActivityReport.objects.filter(college=OuterRef("pk"), created_at__gte=start, created_at__lt=end)
    silent = (
        College.objects.active().filter(~Exists(filed_this_month)).only("pk", "code", "name").order_by("order", "code")
    )
    assessments = (
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .select_related("college", "scheme")
        .only("pk", "submitted_at", "college__code", "college__name", "scheme__year")
        .order_by("submitted_at", "pk")
    )
    buckets = queue_by_age(today)
    counts = bounded_counts(assessments=assessments, silent=silent)
    return {
        "queue": buckets,
        "queue_total": sum((bucket.count for bucket in buckets), BoundedCount(0)),
        "assessments_waiting": list(assessments[:LISTED]),
        "assessments_count": counts["assessments"],
        "silent_colleges": list(silent[:LISTED]),
        "silent_count": counts["silent"],
        "month": today.month,
    }
