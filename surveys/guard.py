"""What keeps a survey's public page answered by people and not by scripts, without tokens and without keeping
who answered: counts per client in the cache under a keyed hash of its address (core.guard, never the address),
and a signed cookie saying this browser answered (the survey's number and nothing else)."""

from __future__ import annotations

import datetime

from core import guard

PREFIX = "surveys-"
ANSWERS_PER_DAY = 3  # answers of one survey from one client in a day: a shared computer, a family's phone
ANSWERS_PER_WINDOW = 6  # answers of any survey from one client within the window: a script, not a classroom
CODE_TRIES = 10  # invitation codes refused for one client within the window: then even a right one waits
TRY_WINDOW = 10 * 60
DAY = 24 * 60 * 60
COOKIE_SALT = "surveys.answered"
COOKIE_AGE = 365 * DAY


def _answers_kind(survey_id: int, day: datetime.date) -> str:
    return f"answer:{survey_id}:{day.isoformat()}"


def may_try_codes(request) -> bool:
    return not guard.throttled(request, PREFIX, "code", CODE_TRIES)


def count_code_refused(request) -> None:
    guard.count(request, PREFIX, "code", TRY_WINDOW)


def may_answer(request, survey_id: int, day: datetime.date) -> bool:
    return not (
        guard.throttled(request, PREFIX, _answers_kind(survey_id, day), ANSWERS_PER_DAY)
        or guard.throttled(request, PREFIX, "answers", ANSWERS_PER_WINDOW)
    )


def count_answer(request, survey_id: int, day: datetime.date) -> None:
    guard.count(request, PREFIX, _answers_kind(survey_id, day), DAY)
    guard.count(request, PREFIX, "answers", TRY_WINDOW)


def cookie_name(survey_id: int) -> str:
    return f"survey_{survey_id}_answered"


def answered_here(request, survey_id: int) -> bool:
    return request.get_signed_cookie(cookie_name(survey_id), default=None, salt=COOKIE_SALT) == "1"


def mark_answered(request, response, survey_id: int) -> None:
    response.set_signed_cookie(
        cookie_name(survey_id),
        "1",
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        path=request.path,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
