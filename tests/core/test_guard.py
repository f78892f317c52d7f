"""core.guard: a client is counted under a keyed hash of its address, never the address, and each app's hash of
one client differs (the 谈心屋's and the surveys' counts cannot be joined)."""

from django.core.cache import cache
from django.test import RequestFactory

from core import guard


def test_a_client_is_counted_under_a_keyed_hash_that_differs_by_app():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.55")
    cache.clear()
    for _ in range(3):
        guard.count(request, "one-", "send", 60)
    assert guard.throttled(request, "one-", "send", 3) and not guard.throttled(request, "one-", "send", 4)
    assert not guard.throttled(request, "two-", "send", 1)
    assert guard.client_key(request, "one-client:") != guard.client_key(request, "two-client:")
    assert not [key for key in cache._cache if "192.0.2.55" in key]
    assert not guard.throttled(RequestFactory().get("/", REMOTE_ADDR="192.0.2.56"), "one-", "send", 1)


def test_codes_are_normalised_however_they_are_typed():
    code = guard.new_code(3, 4)
    assert len(code) == 14 and code.count("-") == 2 and set(code.replace("-", "")) <= set(guard.CODE_ALPHABET)
    assert guard.normal_code(f" {code.lower()} ") == code.replace("-", "")
    assert guard.keyed_hash("a:", "X") != guard.keyed_hash("b:", "X")
