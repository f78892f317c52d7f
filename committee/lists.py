"""What the committee's pages list: plain reads, cut to what the user may see through committee.access, each a
fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from colleges.models import College, CommitteeMember, MemberUnit
from plans.models import WorkPlan

from .access import owned_through, scope_owned, training_colleges, training_members, visible_notices
from .models import FollowUpTask, Meeting, TaskStatus, TrainingClass, TrainingSession

# The newest rows a list shows (the committee publishes a few dozen notices and tasks a year).
NOTICES_LISTED = 200
TASKS_LISTED = 500
UNIT_TASKS_LISTED = 50


def notices_with_counts(user) -> QuerySet:
    """The notices the user sees, each with how many recipients it has, read it and replied."""
    return visible_notices(user).annotate(
        recipients=Count("receipts"),
        read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
        replied=Count("receipts", filter=Q(receipts__replied_at__isnull=False)),
    )[:NOTICES_LISTED]


def meetings_with_counts(user) -> QuerySet:
    """Every meeting (they are the committee's, read by all), with its decisions and the open follow-up tasks the
    user sees: every owner's for the school's readers, their own otherwise — another owner's progress is theirs."""
    open_tasks = Q(decisions__tasks__status=TaskStatus.OPEN) & owned_through(user, "decisions__tasks__")
    return Meeting.objects.annotate(
        decision_count=Count("decisions", distinct=True),
        open_tasks=Count("decisions__tasks", filter=open_tasks, distinct=True),
    )


def decisions_with_tasks(meeting: Meeting, user) -> QuerySet:
    """The meeting's decisions, each with the follow-up tasks the user sees (as on the task list): every owner's
    for the school's readers, their own otherwise; another owner's state and note are not theirs to read."""
    tasks = scope_owned(FollowUpTask.objects.select_related("college", "unit", "done_by"), user)
    return meeting.decisions.prefetch_related(Prefetch("tasks", queryset=tasks))


def tasks_of(user, status: str | None) -> QuerySet:
    """The follow-up tasks the user sees (every one for the school's readers, their own otherwise), in one
    status if it is one."""
    tasks = scope_owned(FollowUpTask.objects.all(), user).select_related("decision__meeting", "college", "unit")
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    return tasks[:TASKS_LISTED]


def unit_tasks(unit: MemberUnit) -> QuerySet:
    return FollowUpTask.objects.filter(unit=unit).select_related("decision__meeting")[:UNIT_TASKS_LISTED]


def trainings_with_hours() -> QuerySet:
    return TrainingClass.objects.annotate(session_count=Count("sessions", distinct=True), hours=Sum("sessions__hours"))


def training_attendance(training: TrainingClass, user) -> tuple[list, list]:
    """The class's sessions with who attended, and each college's attendance (people, attendances): every
    college's for the school's readers, a secretary's own college's only."""
    sessions = list(training.sessions.prefetch_related(Prefetch("attendees", queryset=training_members(user))))
    attended = {
        row["college_id"]: row
        for row in CommitteeMember.objects.filter(training_sessions__training=training)
        .values("college_id")
        .annotate(people=Count("pk", distinct=True), attendances=Count("training_sessions"))
    }
    return sessions, [(college, attended.get(college.pk, {})) for college in training_colleges(user)]


def college_training_record(college: College) -> QuerySet:
    """Each committee member of the college with the sessions attended and their hours."""
    sessions = TrainingSession.objects.select_related("training")
    return (
        CommitteeMember.objects.filter(college=college)
        .annotate(hours=Sum("training_sessions__hours"), sessions_attended=Count("training_sessions"))
        .prefetch_related(Prefetch("training_sessions", queryset=sessions))
    )


def unit_home_year(today) -> int:
    """The year a unit's home shows: the newest plan's up to this year, or this year before any plan."""
    plan_year = WorkPlan.objects.filter(year__lte=today.year).values_list("year", flat=True).first()
    return plan_year if plan_year is not None else today.year
