"""Live progress of the plan's measurable targets.

Each metric is counted by the app that owns the counted thing, which registers it in `core.metrics`; this keeps
`plans` free of imports from the apps above it and of their metric keys. `goal_of` is the one answer to "what
is the year's goal for this metric", read by every page and download that compares a figure with its target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from core import metrics

from .models import Target


@dataclass(frozen=True)
class Progress:
    target: Target
    value: Decimal | None  # None: nothing counts this metric yet
    detail: str = ""

    @property
    def is_measured(self) -> bool:
        return self.value is not None

    @property
    def base_url(self) -> str:
        """Where staff keep the figure this share is of, for a metric not counted from records alone."""
        metric = metrics.get(self.target.metric)
        return reverse(metric.base, args=[self.target.plan.year]) if metric and metric.base else ""

    @property
    def reached_goal(self) -> bool:
        return self.value is not None and self.value >= self.target.goal

    @property
    def reached_stretch(self) -> bool:
        stretch = self.target.stretch_goal
        return self.value is not None and stretch is not None and self.value >= stretch

    @property
    def percent_of_goal(self) -> int:
        """How full the progress bar is: the share of the goal reached, capped at 100."""
        if self.value is None or self.target.goal <= 0:
            return 0
        return min(100, int(self.value * 100 / self.target.goal))


@dataclass(frozen=True)
class Goal:
    """The year's goal for one metric, as staff last set it on the plan's target."""

    goal: Decimal
    stretch: Decimal | None
    unit: str

    def reached(self, value: Decimal | None) -> bool:
        return value is not None and value >= self.goal

    def reached_stretch(self, value: Decimal | None) -> bool:
        return value is not None and self.stretch is not None and value >= self.stretch

    def standing(self, value: Decimal | None) -> str:
        """Where a figure stands: "stretch", "goal" or "short" (of the goal)."""
        if self.reached_stretch(value):
            return "stretch"
        return "goal" if self.reached(value) else "short"


def goal_of(year: int, metric: str) -> Goal | None:
    """The goal of the year's target measured by `metric`; None when the year has no plan or no such target.
    Should a plan measure one metric twice, its first target in the plan's order sets the goal."""
    target = Target.objects.filter(plan__year=year, metric=metric).values("goal", "stretch_goal", "unit").first()
    if target is None:
        return None
    return Goal(goal=target["goal"], stretch=target["stretch_goal"], unit=target["unit"])


def progress_of(target: Target, year: int) -> Progress:
    metric = metrics.get(target.metric)
    if metric is None:
        return Progress(target=target, value=None)
    value, detail = metric.count(year)
    return Progress(target=target, value=Decimal(value), detail=detail)


def progress_for_plan(plan) -> list[Progress]:
    # Each metric is counted once per page even if several targets share it.
    counted: dict[str, tuple] = {}
    results = []
    for target in plan.targets.select_related("plan", "work_point__section__plan"):
        if target.metric not in counted:
            counted[target.metric] = progress_of(target, plan.year)
        measured = counted[target.metric]
        results.append(Progress(target=target, value=measured.value, detail=measured.detail))
    return results
