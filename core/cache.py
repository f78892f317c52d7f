"""One generation number for every cached figure (dashboards, target progress).

The models that feed figures are registered with `retire_figures_on_writes` in their app's `ready()`, so every save
and delete retires the cached figures; bulk updates call `figures_changed()` themselves. Cached figures carry the
generation they were computed at, so one bump retires them all at once.

A write bumps the generation once, when its transaction commits: before that, no other request can see the write,
so retiring figures earlier would only make readers recompute what they had. The writing transaction itself reads
its figures directly, uncached, until it commits (it sees its own writes; nobody else should).

Readers never queue behind a rebuild. When a figure is out of date, one reader claims its rebuild (an atomic
`cache.add`) and computes it; the others serve the last value meanwhile, so a write that lands during a busy
minute costs one computation, not one per reader (no stampede). A figure no older than CACHE_SECONDS is served as
it is only while its generation is current; past that age it is rebuilt in the same way, which bounds how long a
figure can stay wrong when a bump was lost (Redis unreachable while the write committed).

Figures are per school (issue 27): a figure is cached under its school's name and generation, and a write in a
school's scope retires that school's figures only (168 schools do not rebuild each other's dashboards). A write
outside any school's scope (the demo loader, a rebuild of every tally) bumps the installation's generation, which
is part of every school's.

An unreachable cache (Redis down) never fails a request: figures are then computed directly.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

from . import portal
from .scoping import current_school_id

GENERATION_KEY = "figures:generation"
CACHE_SECONDS = 300
# A stale figure is kept this long, so there is a last value to serve while one reader rebuilds it.
KEEP_SECONDS = 24 * 3600
# How long a rebuild may take before another reader may try; the claim is released as soon as it is done.
REBUILD_SECONDS = 60
CACHE_ERRORS = (RedisError, OSError)
logger = logging.getLogger(__name__)


def _school_generation_key(school_id: int) -> str:
    return f"{GENERATION_KEY}:{school_id}"


def figures_changed() -> None:
    """Retire the scope's school's cached figures (every school's outside one) when this transaction commits (at
    once outside a transaction)."""
    school_id = current_school_id()
    key = GENERATION_KEY if school_id is None else _school_generation_key(school_id)
    if not _bump_pending(key):
        transaction.on_commit(_Bump(key))
        # Figures kept outside the cache (the province's tallies) are recounted once the write is visible. A failed
        # recount is logged and does not turn a committed write into an error page; `rebuild_province_tallies` mends.
        transaction.on_commit(functools.partial(portal.school_figures_changed, school_id), robust=True)


class _Bump:
    """The bump of one generation once the transaction commits; a class, so the pending ones can be recognised."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self) -> None:
        try:
            cache.add(self.key, 0, None)
            cache.incr(self.key)
        except CACHE_ERRORS:
            logger.warning("Could not bump the figures cache generation; cached figures expire on their own.")


def _bump_pending(key: str | None = None) -> bool:
    """Whether this transaction has written figures that are not committed yet (of the generation `key`, if
    given).

    Read from the connection's own list of on-commit callbacks, which Django empties on rollback and trims when a
    savepoint is rolled back, so the answer is right after either: a flag of our own could not tell."""
    return any(
        isinstance(callback, _Bump) and key in (None, callback.key)
        for _savepoints, callback, *_ in connection.run_on_commit
    )


def _generation_keys() -> list[str]:
    school_id = current_school_id()
    return [GENERATION_KEY] if school_id is None else [GENERATION_KEY, _school_generation_key(school_id)]


def generation() -> int | None:
    """The generation of the scope's school's figures: the installation's plus the school's own, so that a bump of
    either makes it grow."""
    try:
        found = cache.get_many(_generation_keys())
    except CACHE_ERRORS:
        return None
    return sum(found.get(key, 0) for key in _generation_keys())


def figure_key(name: str) -> str:
    return f"figures:{current_school_id() or 'all'}:{name}"


def cached(name: str, compute: Callable[[], object]):
    """compute(), cached under `name` for the current generation of the figures.

    Computed directly inside a transaction that has changed figures (it must see its own writes) and when the
    cache is unreachable."""
    if connection.in_atomic_block and _bump_pending():
        return compute()
    generation_keys = _generation_keys()
    key = figure_key(name)
    try:
        found = cache.get_many([*generation_keys, key])
    except CACHE_ERRORS:
        return compute()
    current = sum(found.get(generation_key, 0) for generation_key in generation_keys)
    entry = found.get(key)  # (generation, computed at, value)
    if entry is not None:
        computed_at_generation, computed_at, value = entry
        if computed_at_generation == current and time.time() - computed_at < CACHE_SECONDS:
            return value
        if not _claim_rebuild(key, current):
            return value  # another reader is rebuilding it: the last value meanwhile
    return _rebuild(key, current, compute)


def _claim_rebuild(key: str, current: int) -> bool:
    try:
        return cache.add(f"{key}:rebuilding:{current}", 1, REBUILD_SECONDS)
    except CACHE_ERRORS:
        return True


def _rebuild(key: str, current: int, compute: Callable[[], object]):
    computed_at = time.time()
    value = compute()
    # The figure is right either way; if the cache is away, the next request computes it again.
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, (current, computed_at, value), KEEP_SECONDS)
        cache.delete(f"{key}:rebuilding:{current}")
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
