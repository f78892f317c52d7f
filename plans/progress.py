"""Live progress of the plan's measurable targets.

Each metric is counted by the app that owns the counted thing; settings.GKW_TARGET_PROGRESS maps a metric to
that app's function `(year) -> (value, detail)`. This keeps `plans` free of imports from the apps above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

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


def known_metrics() -> list[str]:
    return sorted(settings.GKW_TARGET_PROGRESS)


@cache
def _counter(dotted_path: str):
    return import_string(dotted_path)


def progress_of(target: Target, year: int) -> Progress:
    path = settings.GKW_TARGET_PROGRESS.get(target.metric)
    if path is None:
        return Progress(target=target, value=None)
    value, detail = _counter(path)(year)
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
