"""The figures cache: a write retires the figures once, when it commits; the writer reads its own figures; one
reader rebuilds a stale figure while the others serve the last one; an unreachable cache fails nothing."""

import pytest
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import ConnectionError as RedisDown

from core import cache as figures

# serialized_rollback, as every transactional test here: a plain flush would re-create the content types that
# the next serialized test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Counter:
    """A figure that says how often it was computed."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_a_transaction_bumps_the_generation_once_when_it_commits():
    before = figures.generation()
    with transaction.atomic():
        for _ in range(5):
            figures.figures_changed()
        with transaction.atomic():  # a savepoint's writes belong to the same commit
            figures.figures_changed()
        assert figures.generation() == before  # nobody else can see the writes yet
    assert figures.generation() == before + 1


def test_a_rolled_back_transaction_retires_nothing():
    before = figures.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        figures.figures_changed()
        raise RuntimeError("rolled back")
    assert figures.generation() == before
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            figures.figures_changed()
            raise RuntimeError("only the savepoint")
        assert not figures._bump_pending()
    assert figures.generation() == before
    with transaction.atomic():  # the next transaction's write still counts
        figures.figures_changed()
    assert figures.generation() == before + 1


def test_outside_a_transaction_a_write_bumps_at_once():
    before = figures.generation()
    figures.figures_changed()
    assert figures.generation() == before + 1


def test_the_writing_transaction_computes_its_figures_and_caches_nothing():
    figure = Counter()
    assert figures.cached("answer", figure) == 1
    with transaction.atomic():
        assert figures.cached("answer", figure) == 1  # nothing written yet: the cached figure
        figures.figures_changed()
        assert figures.cached("answer", figure) == 2  # its own writes: computed
        assert figures.cached("answer", figure) == 3  # and not cached for others
    assert figures.cached("answer", figure) == 4  # committed: the next reader rebuilds
    assert figures.cached("answer", figure) == 4


def test_one_reader_rebuilds_a_stale_figure_while_the_others_serve_the_last_one():
    figure = Counter()
    assert figures.cached("answer", figure) == 1
    figures.figures_changed()
    # Another reader has claimed the rebuild of this generation and is computing it right now.
    assert cache.add(f"{figures.figure_key('answer')}:rebuilding:{figures.generation()}", 1)
    assert figures.cached("answer", figure) == 1  # served the last figure, computed nothing
    assert figure.calls == 1
    cache.delete(f"{figures.figure_key('answer')}:rebuilding:{figures.generation()}")  # that reader gave up
    assert figures.cached("answer", figure) == 2  # this one rebuilds
    assert figures.cached("answer", figure) == 2


def test_a_missing_figure_is_computed_by_its_first_reader_even_while_claimed():
    figure = Counter()
    assert cache.add(f"{figures.figure_key('answer')}:rebuilding:{figures.generation()}", 1)
    assert figures.cached("answer", figure) == 1  # nothing to serve meanwhile: computed


def test_a_figure_older_than_its_lifetime_is_rebuilt(monkeypatch):
    figure = Counter()
    now = [1_000_000.0]
    monkeypatch.setattr(figures.time, "time", lambda: now[0])
    assert figures.cached("answer", figure) == 1
    now[0] += figures.CACHE_SECONDS - 1
    assert figures.cached("answer", figure) == 1
    now[0] += 2  # a bump may have been lost while the cache was away: not trusted any longer
    assert figures.cached("answer", figure) == 2


def test_an_unreachable_cache_computes_directly_and_fails_nothing(monkeypatch):
    def down(*args, **kwargs):
        raise RedisDown("cache is away")

    for method in ("get_many", "get_or_set", "add", "incr", "set"):
        monkeypatch.setattr(figures.cache, method, down)
    figure = Counter()
    assert figures.cached("answer", figure) == 1
    assert figures.cached("answer", figure) == 2
    figures.figures_changed()  # logged, not raised
    with transaction.atomic():
        figures.figures_changed()
    assert figures.generation() is None
