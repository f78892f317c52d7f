"""What keeps the 谈心屋's public pages usable by students and not by scripts, with no outside service:

- the private code: 120 random bits shown once, kept only as a keyed hash (HMAC-SHA256 with the project's secret),
  so that neither the database nor a copy of it opens a thread;
- throttling per client through the cache: a keyed hash of the client's address (never the address itself, and
  never in the database) counts the sendings and the code attempts for a short while (the hash, the counting and
  the codes' form are core.guard's, which the surveys' public page shares);
- a challenge that needs no third party and no JavaScript: a small sum written in Chinese, signed with an expiry,
  whose answer is accepted once (the cache remembers the used ones until they expire).
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

from core import guard

CODE_GROUPS, CODE_GROUP_LENGTH = 6, 4  # 24 characters of 31: about 119 bits
CHALLENGE_SALT = "talkroom.challenge"
CHALLENGE_MAX_AGE = 30 * 60  # a student may take half an hour to write
PREFIX = "talkroom-"
THROTTLE_WINDOW = 10 * 60
LIMITS = {"send": 5, "code": 10}  # per client and window: messages sent, codes tried

_NUMERALS = "零一二三四五六七八九十"

normal_code = guard.normal_code


def new_code() -> str:
    return guard.new_code(CODE_GROUPS, CODE_GROUP_LENGTH)


def code_hash(code: str) -> str:
    return guard.keyed_hash("talkroom-code:", normal_code(code))


# Throttling (core.guard: a keyed hash of the client's address, never the address).


def client_key(request) -> str:
    return guard.client_key(request, PREFIX + "client:")


def throttled(request, kind: str) -> bool:
    """Whether the client has used up the window's allowance of `kind` (asked before the work)."""
    return guard.throttled(request, PREFIX, kind, LIMITS[kind])


def count(request, kind: str) -> None:
    """Count one `kind` for the client; the window starts at its first."""
    guard.count(request, PREFIX, kind, THROTTLE_WINDOW)


# The challenge.


def chinese_number(n: int) -> str:
    """0–20 as they are said: 七, 十, 十三, 二十."""
    if n <= 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


def new_challenge() -> tuple[str, str]:
    """(the question, its signed token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(8)}, salt=CHALLENGE_SALT, compress=True)
    return f"{chinese_number(a)}加{chinese_number(b)}等于几？", token


def check_answer(token: str, answer: str) -> str | None:
    """None when `answer` is right and the challenge was not used before (it is used now); else why not:
    "expired" (or forged) or "wrong" or "used"."""
    try:
        data = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        expected = int(data["a"]) + int(data["b"])
        nonce = str(data["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return "expired"
    typed = (answer or "").strip()
    spoken = {chinese_number(n): n for n in range(21)}
    value = spoken.get(typed)
    if value is None:
        try:
            value = int(typed) if len(typed) <= 3 else None  # int() reads full-width digits too
        except ValueError:
            value = None
    if value != expected:
        return "wrong"
    if not cache.add(f"talkroom-challenge:{nonce}", 1, CHALLENGE_MAX_AGE + 60):
        return "used"
    return None
