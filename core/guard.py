"""What keeps a public page (the 谈心屋's, a survey's) usable by people and not by scripts, with no outside service
and without keeping who the visitor is:

- a keyed hash of the client's address (HMAC-SHA256 with the project's secret and the caller's prefix), so that
  neither the cache nor a copy of it holds an address, and the apps' hashes of one client differ;
- throttling per client through the cache: a count per client and kind that lives for a window;
- private codes: random letters read aloud without doubt, normalised however they are typed, kept as a keyed hash.

Each app keeps its own prefixes and limits (talkroom.guard, surveys.guard): they are siblings and share only this.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed again without doubt


def keyed_hash(prefix: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the project's secret, `prefix` naming what is hashed ("talkroom-code:")."""
    return hmac.new(settings.SECRET_KEY.encode(), prefix.encode() + value.encode(), hashlib.sha256).hexdigest()


# Private codes.


def new_code(groups: int, group_length: int) -> str:
    """`groups` groups of `group_length` letters and digits of CODE_ALPHABET, joined by dashes."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(groups * group_length))
    return "-".join(raw[i : i + group_length] for i in range(0, len(raw), group_length))


def normal_code(typed: str) -> str:
    """The code as stored, however it was typed: case, spaces and dashes do not matter."""
    return "".join(char for char in (typed or "").upper() if char.isalnum())


# Throttling.


def client_key(request, prefix: str) -> str:
    """A keyed hash of the client's address, as the project reads it (behind its proxies: the axes setting's
    reader), so that the cache holds no address either."""
    address = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) or "unknown"
    return keyed_hash(prefix, address)[:32]


def throttle_key(request, prefix: str, kind: str) -> str:
    """The cache key counting `kind` for the client: `prefix` names the app, `kind` what is counted (and for what:
    "answer:12:2022-05-03")."""
    return f"{prefix}throttle:{kind}:{client_key(request, prefix + 'client:')}"


def throttled(request, prefix: str, kind: str, limit: int) -> bool:
    """Whether the client has used up its allowance of `kind` (asked before the work)."""
    return (cache.get(throttle_key(request, prefix, kind)) or 0) >= limit


def count(request, prefix: str, kind: str, window: int) -> None:
    """Count one `kind` for the client; the window (seconds) starts at its first."""
    key = throttle_key(request, prefix, kind)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, window)
