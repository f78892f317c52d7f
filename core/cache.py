"""One generation number for every cached figure (dashboards, target progress).

The models that feed figures are registered with `retire_figures_on_writes` in their app's `ready()`, so every save
and delete retires the cached figures; bulk updates call `figures_changed()` themselves. Cached figures are keyed by
the generation, so one call retires them all at once. An unreachable cache (Redis down) never fails a request:
figures are then computed directly, and entries written before the outage expire within CACHE_SECONDS.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

GENERATION_KEY = "figures:generation"
CACHE_SECONDS = 300
CACHE_ERRORS = (RedisError, OSError)
logger = logging.getLogger(__name__)


def figures_changed() -> None:
    """Retire every cached figure now (for this transaction's own reads) and again after commit (for a figure
    another request computed from the not-yet-committed data)."""
    _bump_now()
    transaction.on_commit(_bump_now)


def _bump_now() -> None:
    try:
        cache.add(GENERATION_KEY, 0, None)
        cache.incr(GENERATION_KEY)
    except CACHE_ERRORS:
        logger.warning("Could not bump the figures cache generation; cached figures expire on their own.")


def generation() -> int | None:
    try:
        return cache.get_or_set(GENERATION_KEY, 0, None)
    except CACHE_ERRORS:
        return None


def cached(name: str, compute: Callable[[], object]):
    """compute() under a key of the current generation; computed directly when the cache is unreachable."""
    current = generation()
    if current is None:
        return compute()
    key = f"figures:{current}:{name}"
    try:
        value = cache.get(key)
    except CACHE_ERRORS:
        return compute()
    if value is None:
        value = compute()
        # The figure is right either way; if the cache is away, the next request computes it again.
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, value, CACHE_SECONDS)
    return value


def retire_figures_on_writes(*models) -> None:
    """Every save and delete of these models, and every change of their many-to-many links, retires the cached
    figures: wherever the write comes from (a page, a service, a command, a copy, the admin), it cannot be
    forgotten. `QuerySet.update()` sends no signal, so services that update in bulk call figures_changed()."""
    for model in models:
        uid = f"gkw-figures-{model._meta.label_lower}"
        post_save.connect(_retire_after_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_retire_after_write, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_retire_after_link_change, sender=through, dispatch_uid=f"{uid}-{field.name}")


def _retire_after_write(sender, **kwargs) -> None:
    figures_changed()


def _retire_after_link_change(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        figures_changed()
