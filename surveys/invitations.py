"""Invitation codes of a survey answered by invitation only: made at random, shown once to the person who made
them (on the page, as a printable sheet and a workbook), and kept only as a keyed hash (HMAC-SHA256 with the
project's secret and a key of their own), as the 谈心屋's codes are (talkroom.guard). Neither the database nor a
copy of it gives a code back, and nothing ties a response to the code that allowed it."""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import TableSheet, new_workbook

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper and typed again without doubt
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4  # 12 characters of 31: about 59 bits, with the public page's throttle
BATCH_MAX = 2000  # codes made at once
SURVEY_MAX = 20000  # codes of one survey in all


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def normal_code(typed: str) -> str:
    """The code as hashed, however it was typed: case, spaces and dashes do not matter."""
    return "".join(char for char in (typed or "").upper() if char.isalnum())


def code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"surveys-invitation:" + normal_code(code).encode(), hashlib.sha256).hexdigest()


def codes_workbook(survey, codes: list[str]) -> bytes:
    """The codes as a workbook to print and cut, one a row, numbered (every cell inert)."""
    workbook = new_workbook()
    sheet = TableSheet(
        workbook,
        pgettext("survey", "Invitation codes"),
        [(_("No."), 8), (_("Invitation code"), 24), (pgettext("field", "Survey"), 50)],
        book_title=_("Invitation codes of the survey “%(title)s”, %(year)s")
        % {"title": survey.title, "year": survey.year},
    )
    for number, code in enumerate(codes, start=1):
        sheet.append([number, code, survey.title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
