"""SchoolYearTally kept: each school's year recounted from the figures its own dashboard reads.

Every write that changes a school's figures already says so (core.cache.figures_changed: the models registered by
each app's `retire_figures_on_writes`, and the bulk updates that call it). Once that transaction commits, core
runs the apps' `school_figures_changed` hooks, and ours recounts the writer's school here: a few grouped queries
over that school's tallies, assessments, plan targets and care rows, whatever its size. Recounting rather than
adding deltas keeps the incremental path and `rebuild()` the same code, so they agree by construction.

Two writers of one school may commit close together: each recount takes the school's row lock first and counts
after it, so under READ COMMITTED the second one counts with the first one's write in it and the last count wins
(SQLite lets one writer at a time, which gives the same guarantee). A write outside any school's scope (the demo,
a rebuild of the activities' tallies) recounts every school, in the same number of queries.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from activities.models import CollegeTally, Status
from care.figures import engaged_in
from care.models import Need, NeedStatus, Programme
from colleges.models import College, CommitteeMember
from core.scoping import every_school
from institutions.models import Institution
from plans.models import Target, WorkPlan
from scoring.models import Assessment, AssessmentStatus, Scheme
from scoring.progress import BALANCED_COLLEGE_SHARE

from .models import SchoolYearTally

Cell = tuple[int, int]  # (school id, year)


def school_changed(school_id: int | None) -> None:
    """The hook core.cache runs after a transaction that changed figures commits (core.portal)."""
    if school_id is None:
        rebuild()
    else:
        recount_school(school_id)


@transaction.atomic
def recount_school(school_id: int) -> int:
    """Recount every year of one school; the rows it now has."""
    with every_school():
        # The school's row lock orders concurrent recounts of one school (see the module's docstring).
        if not Institution.objects.select_for_update().filter(pk=school_id).exists():
            return 0
        rows = count(school_id)
        SchoolYearTally.objects.filter(institution_id=school_id).delete()
        SchoolYearTally.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def rebuild() -> int:
    """Every school's rows counted again from scratch; the rows made."""
    with every_school():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {SchoolYearTally._meta.db_table} IN EXCLUSIVE MODE")
        rows = count(None)
        SchoolYearTally.objects.all().delete()
        SchoolYearTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def count(school_id: int | None) -> list[SchoolYearTally]:
    """Fresh rows of one school (or of every school), in a fixed number of grouped queries: one per kind of
    figure, and one per year for the elders engaged (the dashboard's own question is per year). Needs
    every_school() in force."""
    cells: dict[Cell, dict] = defaultdict(dict)

    def of_school(queryset, path: str):
        return queryset if school_id is None else queryset.filter(**{path: school_id})

    colleges = dict(
        of_school(College.objects.filter(active=True), "institution_id")
        .order_by()
        .values_list("institution")
        .annotate(n=Count("pk"))
    )
    for year_source, path in (
        (CollegeTally.objects.filter(reports__gt=0), "college__institution"),
        (Scheme.objects.all(), "institution"),
        (WorkPlan.objects.all(), "institution"),
        (Need.objects.all(), "college__institution"),
        (Programme.objects.all(), "institution"),
    ):
        for school, year in of_school(year_source, f"{path}_id").order_by().values_list(path, "year").distinct():
            cells[(school, year)]
    for row in (
        of_school(CollegeTally.objects.all(), "college__institution_id")
        .order_by()
        .values("college__institution", "year")
        .annotate(
            reports_submitted=Sum("reports", filter=~Q(status=Status.DRAFT), default=0),
            reports_approved=Sum("reports", filter=Q(status=Status.APPROVED), default=0),
            students=Sum("students", filter=Q(status=Status.APPROVED), default=0),
            teachers=Sum("teachers", filter=Q(status=Status.APPROVED), default=0),
        )
    ):
        cells[(row.pop("college__institution"), row.pop("year"))].update(row)
    # As scoring.standing.balanced_share: finalised assessments of active colleges, out of the active colleges.
    finalised = Q(status=AssessmentStatus.FINALISED)
    for row in (
        of_school(Assessment.objects.filter(college__active=True), "college__institution_id")
        .order_by()
        .values("college__institution", "scheme__year")
        .annotate(finalised=Count("pk", filter=finalised), balanced=Count("pk", filter=finalised & Q(balanced=True)))
    ):
        cells[(row.pop("college__institution"), row.pop("scheme__year"))].update(row)
    # As plans.progress.goal_of: the first such target in the plan's order sets the goal.
    for school, year, goal in (
        of_school(Target.objects.filter(metric=BALANCED_COLLEGE_SHARE), "plan__institution_id")
        .order_by(*Target._meta.ordering)
        .values_list("plan__institution", "plan__year", "goal")
    ):
        cells[(school, year)].setdefault("balanced_goal", goal)
    for row in (
        of_school(Need.objects.all(), "college__institution_id")
        .order_by()
        .values("college__institution", "year")
        .annotate(
            needs_open=Count("pk", filter=Q(status=NeedStatus.OPEN)),
            needs_matched=Count("pk", filter=Q(status=NeedStatus.MATCHED)),
            needs_closed=Count("pk", filter=Q(status=NeedStatus.CLOSED)),
        )
    ):
        cells[(row.pop("college__institution"), row.pop("year"))].update(row)
    _count_elders(cells, of_school(CommitteeMember.objects.filter(active=True), "college__institution_id"))
    return [
        SchoolYearTally(institution_id=school, year=year, colleges=colleges.get(school, 0), **figures)
        for (school, year), figures in sorted(cells.items())
    ]


def _count_elders(cells: dict[Cell, dict], members) -> None:
    """As care.figures.elders_engaged: the committees' active elders, and those engaged in care or mentoring."""
    elders = members.exclude(elder_kind="").order_by()
    for year in sorted({year for _school, year in cells}):
        engaged = engaged_in(year, "care_offer__")
        for row in elders.values("college__institution").annotate(
            elders=Count("pk", distinct=True), elders_engaged=Count("pk", filter=engaged, distinct=True)
        ):
            cell = (row["college__institution"], year)
            if cell in cells:
                cells[cell].update(elders=row["elders"], elders_engaged=row["elders_engaged"])
