"""One generation number for every cached figure (dashboards, target progress).

Any write that can change a figure calls `figures_changed()`; cached figures are keyed by the generation, so a call
retires them all at once. An unreachable cache (Redis down) never fails a request: figures are then computed
directly, and entries written before the outage expire within CACHE_SECONDS.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
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
