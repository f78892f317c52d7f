"""The registry of target metrics: how the progress of a measurable target can be counted.

A metric is counted by the app that owns the counted thing, which registers it from its `AppConfig.ready()`
with a key (stored on `plans.Target.metric` and `activities.ActivityKind.metric`), a label for people and a
function `count(year) -> (value, detail)`. The registry lives on the ground floor so that every app, `colleges`
included, can register without importing `plans`, and `plans` reads progress without naming a metric or
importing the apps that count; a target whose metric no installed app registers is simply not measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Count = Callable[[int], tuple[Decimal, str]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    count: Count
    # The URL name (taking the year) of the page where staff keep the figure a share is of, when it is not counted
    # from records (the year's retirements): the target shows a link to it.
    base: str = ""


_registry: dict[str, Metric] = {}


def register(key: str, label: str | Promise, count: Count, base: str = "") -> None:
    """Called from an app's `ready()`. Registering a key again with another function is a programming error."""
    existing = _registry.get(key)
    if existing is not None and existing.count is not count:
        raise ValueError(f"The target metric {key!r} is already registered by {existing.count.__module__}.")
    _registry[key] = Metric(key=key, label=label, count=count, base=base)


def registered() -> list[Metric]:
    """Every registered metric, in the order of INSTALLED_APPS."""
    return list(_registry.values())


def get(key: str) -> Metric | None:
    return _registry.get(key)


def label_of(key: str) -> str | Promise:
    """What people read for a metric key ("" for none); an unregistered key is described, never shown."""
    metric = _registry.get(key)
    if metric is not None:
        return metric.label
    return _("Not counted by any module") if key else ""


def choices(current: str = "") -> list[tuple[str, str | Promise]]:
    """The registered metrics for a form's select, plus the current value if no app counts it any more."""
    options = [(metric.key, metric.label) for metric in registered()]
    if current and current not in _registry:
        options.append((current, label_of(current)))
    return options
