"""Member units' duties and how each unit did: plain reads, a fixed number of queries whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from colleges.models import MemberUnit
from plans.models import WorkPoint

from .models import FollowUpTask, TaskStatus, UnitReport


def duties_of(unit_id: int, year: int):
    """The work points of the year's plan that name this unit as responsible (plans.WorkPoint.units)."""
    return WorkPoint.objects.of_year(year).filter(units=unit_id).with_progress().select_related("section")


@dataclass
class UnitRow:
    unit: MemberUnit
    duties: list = field(default_factory=list)
    report: UnitReport | None = None
    tasks_open: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0

    @property
    def state(self) -> str:
        return self.report.get_status_display() if self.report else ""

    @property
    def rating(self) -> str:
        return self.report.rating.name if self.report and self.report.rating else ""


def ratings_table(year: int, today) -> list[UnitRow]:
    """Every member unit's duties of the year, its self-report and rating, and its follow-up tasks due that year."""
    points = WorkPoint.objects.of_year(year).only("code", "title", "section_id")
    units = MemberUnit.objects.prefetch_related(Prefetch("work_points", queryset=points, to_attr="duties_of_year"))
    reports = {
        r.unit_id: r for r in UnitReport.objects.filter(year=year).select_related("rating").prefetch_related("files")
    }
    tasks = FollowUpTask.objects.filter(unit__isnull=False, due_on__year=year).order_by()
    counts: dict[tuple[int, str], int] = {
        (row["unit_id"], row["status"]): row["n"] for row in tasks.values("unit_id", "status").annotate(n=Count("pk"))
    }
    overdue = dict(
        tasks.filter(status=TaskStatus.OPEN, due_on__lt=today)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return [
        UnitRow(
            unit=unit,
            duties=unit.duties_of_year,
            report=reports.get(unit.pk),
            tasks_open=counts.get((unit.pk, TaskStatus.OPEN), 0),
            tasks_done=counts.get((unit.pk, TaskStatus.DONE), 0),
            tasks_overdue=overdue.get(unit.pk, 0),
        )
        for unit in units
    ]
