"""The dashboard's figures kept on write: CollegeTally, MonthKindTally and ElderTally (activities/models.py).

Every write that can change a figure recomputes the cells it touches, in the same transaction, under a lock:
make sure the cell's rows exist, lock them in one sorted order (so two writers never wait on each other in a
circle), count the cell again from the reports with an indexed query and store the result. A cell is the
(year, college) of a report (its four status rows and its elder rows) and the (year, month, kind) of a report
(approved reports only). Recounting rather than adding deltas makes every refresh idempotent, so that
`rebuild()` and the incremental path agree by construction; a test replays random writes to prove it.

Under PostgreSQL's READ COMMITTED each statement sees what committed before it, so the writer that takes a
cell's lock second recounts after the first one committed and the last count wins with everything in it.
SQLite lets one writer at a time, which gives the same guarantee.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import ExtractMonth

from .models import ActivityReport, CollegeTally, ElderTally, MonthKindTally, Status

CollegeCell = tuple[int, int]  # (year, college id)
MonthKindCell = tuple[int, int, int]  # (year, month, kind id)
BATCH = 2000


def cells_of(year: int, college_id: int, kind_id: int, starts_on: datetime.date) -> tuple[CollegeCell, MonthKindCell]:
    return (year, college_id), (year, starts_on.month, kind_id)


def refresh_report(report: ActivityReport) -> None:
    """Recount the cells of one report as it stands in memory (its year, college, kind and start date)."""
    college_cell, month_kind_cell = cells_of(report.year, report.college_id, report.kind_id, report.starts_on)
    refresh({college_cell}, {month_kind_cell})


@transaction.atomic
def refresh(college_cells: set[CollegeCell], month_kind_cells: set[MonthKindCell] = frozenset()) -> None:
    """Recount these cells from the reports, holding their rows' locks until the transaction ends."""
    college_cells, month_kind_cells = sorted(college_cells), sorted(month_kind_cells)
    if college_cells:
        _refresh_colleges(college_cells)
    if month_kind_cells:
        _refresh_months(month_kind_cells)


def _college_q(cells: list[CollegeCell], year: str = "year", college: str = "college_id") -> Q:
    return reduce(or_, (Q(**{year: y, college: c}) for y, c in cells))


def _refresh_colleges(cells: list[CollegeCell]) -> None:
    CollegeTally.objects.bulk_create(
        [CollegeTally(year=y, college_id=c, status=s) for y, c in cells for s in Status.values], ignore_conflicts=True
    )
    rows = list(
        CollegeTally.objects.select_for_update().filter(_college_q(cells)).order_by("year", "college_id", "status")
    )
    counted = {
        (r["year"], r["college"], r["status"]): r
        for r in ActivityReport.objects.filter(_college_q(cells))
        .order_by()
        .values("year", "college", "status")
        .annotate(
            reports=Count("pk"),
            students=Sum("student_count", default=0),
            teachers=Sum("teacher_count", default=0),
            latest=Max("starts_on"),
        )
    }
    changed = []
    for row in rows:
        fresh = counted.get((row.year, row.college_id, row.status), {})
        values = (fresh.get("reports", 0), fresh.get("students", 0), fresh.get("teachers", 0), fresh.get("latest"))
        if values != (row.reports, row.students, row.teachers, row.latest):
            row.reports, row.students, row.teachers, row.latest = values
            changed.append(row)
    if changed:
        CollegeTally.objects.bulk_update(changed, ["reports", "students", "teachers", "latest"])
    # The elder rows of a cell are only ever written under its CollegeTally locks, taken above.
    ElderTally.objects.filter(_college_q(cells)).delete()
    ElderTally.objects.bulk_create(
        _elder_rows(_college_q(cells, "activityreport__year", "activityreport__college_id"))
    )


def _elder_rows(where: Q) -> list[ElderTally]:
    links = ActivityReport.members.through.objects.filter(where, activityreport__status=Status.APPROVED)
    return [
        ElderTally(
            year=r["activityreport__year"],
            college_id=r["activityreport__college"],
            member_id=r["member"],
            times=r["times"],
        )
        for r in links.order_by()
        .values("activityreport__year", "activityreport__college", member=F("committeemember"))
        .annotate(times=Count("pk"))
    ]


def _month_q(cells: list[MonthKindCell]) -> Q:
    return reduce(or_, (Q(year=y, kind_id=k, starts_on__range=_month_range(y, m)) for y, m, k in cells))


def _month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _refresh_months(cells: list[MonthKindCell]) -> None:
    MonthKindTally.objects.bulk_create(
        [MonthKindTally(year=y, month=m, kind_id=k) for y, m, k in cells], ignore_conflicts=True
    )
    where = reduce(or_, (Q(year=y, month=m, kind_id=k) for y, m, k in cells))
    rows = list(MonthKindTally.objects.select_for_update().filter(where).order_by("year", "month", "kind_id"))
    counted = {
        (r["year"], r["month"], r["kind"]): r
        for r in ActivityReport.objects.approved()
        .filter(_month_q(cells))
        .order_by()
        .annotate(month=ExtractMonth("starts_on"))
        .values("year", "month", "kind")
        .annotate(
            reports=Count("pk"), students=Sum("student_count", default=0), teachers=Sum("teacher_count", default=0)
        )
    }
    changed = []
    for row in rows:
        fresh = counted.get((row.year, row.month, row.kind_id), {})
        values = (fresh.get("reports", 0), fresh.get("students", 0), fresh.get("teachers", 0))
        if values != (row.reports, row.students, row.teachers):
            row.reports, row.students, row.teachers = values
            changed.append(row)
    if changed:
        MonthKindTally.objects.bulk_update(changed, ["reports", "students", "teachers"])


@transaction.atomic
def rebuild() -> tuple[int, int, int]:
    """Every tally counted again from scratch: (college rows, month-and-kind rows, elder rows).

    On PostgreSQL the tables are locked against writers (readers keep reading the old rows) so that no write
    lands between the count and the commit; a writer waiting for the lock recounts its cells afterwards."""
    if connection.vendor == "postgresql":
        tables = ", ".join(m._meta.db_table for m in (CollegeTally, MonthKindTally, ElderTally))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
    ElderTally.objects.all().delete()
    MonthKindTally.objects.all().delete()
    CollegeTally.objects.all().delete()
    college_rows = [
        CollegeTally(
            year=r["year"],
            college_id=r["college"],
            status=r["status"],
            reports=r["reports"],
            students=r["students"],
            teachers=r["teachers"],
            latest=r["latest"],
        )
        for r in ActivityReport.objects.order_by()
        .values("year", "college", "status")
        .annotate(
            reports=Count("pk"),
            students=Sum("student_count", default=0),
            teachers=Sum("teacher_count", default=0),
            latest=Max("starts_on"),
        )
    ]
    month_rows = [
        MonthKindTally(**r)
        for r in ActivityReport.objects.approved()
        .order_by()
        .annotate(month=ExtractMonth("starts_on"))
        .values("year", "month", "kind_id")
        .annotate(
            reports=Count("pk"), students=Sum("student_count", default=0), teachers=Sum("teacher_count", default=0)
        )
    ]
    elder_rows = _elder_rows(Q())
    CollegeTally.objects.bulk_create(college_rows, batch_size=BATCH)
    MonthKindTally.objects.bulk_create(month_rows, batch_size=BATCH)
    ElderTally.objects.bulk_create(elder_rows, batch_size=BATCH)
    return len(college_rows), len(month_rows), len(elder_rows)


# Signal receivers, connected in ActivitiesConfig.ready(): every save, delete and member change of a report,
# wherever it comes from (a service, the admin, a command), recounts the cells it touched.


def remember_cells_before_save(sender, instance: ActivityReport, raw=False, **kwargs) -> None:
    """An edit may move a report to another year, college, month or kind: its old cells are recounted too."""
    if raw or instance._state.adding or instance.pk is None:
        instance._tally_cells_before = None
        return
    before = ActivityReport.objects.filter(pk=instance.pk).values_list("year", "college", "kind", "starts_on").first()
    instance._tally_cells_before = cells_of(*before) if before else None


def refresh_after_save(sender, instance: ActivityReport, raw=False, **kwargs) -> None:
    if raw:
        return
    college_cells, month_kind_cells = set(), set()
    before = getattr(instance, "_tally_cells_before", None)
    for college_cell, month_kind_cell in filter(
        None, [before, cells_of(instance.year, instance.college_id, instance.kind_id, instance.starts_on)]
    ):
        college_cells.add(college_cell)
        month_kind_cells.add(month_kind_cell)
    refresh(college_cells, month_kind_cells)


def refresh_after_delete(sender, instance: ActivityReport, **kwargs) -> None:
    refresh_report(instance)


def refresh_after_member_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Members count only in the elder rows of the report's (year, college) cell."""
    if not reverse:
        if action.startswith("post_"):
            refresh({(instance.year, instance.college_id)})
        return
    # From a member's side (member.reports.add/remove/clear): the cells of the reports whose links changed.
    if action == "pre_clear":
        instance._tally_report_ids = list(instance.reports.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        _refresh_college_cells_of(pk_set or ())
    elif action == "post_clear":
        _refresh_college_cells_of(getattr(instance, "_tally_report_ids", ()))


def _refresh_college_cells_of(report_ids: Iterable[int]) -> None:
    cells = set(ActivityReport.objects.filter(pk__in=list(report_ids)).values_list("year", "college"))
    if cells:
        refresh(cells)
