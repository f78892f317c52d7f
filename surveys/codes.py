"""A survey's invitation codes: short random codes handed out one per respondent, kept only as a keyed hash
(HMAC-SHA256 with the project's secret and the "surveys-invitation:" prefix, core.guard), so that neither the
database nor a copy of it answers a survey. However a code is typed (case, spaces, dashes), it hashes the same."""

from __future__ import annotations

from core import guard

CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4  # 12 characters of 31: about 59 bits, typed from a slip of paper
CODE_MAX = 40  # what the code field accepts, dashes and spaces included


def new_code() -> str:
    return guard.new_code(CODE_GROUPS, CODE_GROUP_LENGTH)


def code_hash(code: str) -> str:
    return guard.keyed_hash("surveys-invitation:", guard.normal_code(code))
