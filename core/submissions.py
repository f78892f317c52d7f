"""A create form is sent once: each rendering carries a token (a hidden field FormPage adds to every page that
creates), and the first sending of a token claims it in the same transaction as what it creates.

A second sending of the same token — a double click, the browser's retry, a person pressing Save again after a
lost answer, eight parallel posts — waits for the first to commit, finds its row and goes where the first went,
creating nothing and sending no second round of mail. A refused form rolls back its claim with everything else, so
it can be corrected and sent again with the same token.
"""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Submission

FIELD = "submission"
KEPT_FOR = datetime.timedelta(days=2)  # a form open longer than this is sent again as a new one


class AlreadySent(Exception):
    def __init__(self, result_url: str) -> None:
        super().__init__(result_url)
        self.result_url = result_url


class TokenField(forms.UUIDField):
    """The form's token; one that is missing or not a UUID (an old page, a script) only means the form is not
    guarded against a second sending, never an error a person could not see on a hidden field."""

    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def token_field() -> TokenField:
    return TokenField(required=False, initial=uuid.uuid4)


def claim(token: uuid.UUID, user) -> None:
    """Claim `token` for `user` inside the caller's transaction, or raise AlreadySent with where its first sending
    went. On PostgreSQL a parallel claim of the same token waits on the unique index until the first commits."""
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, user=user)
    except IntegrityError:
        first = Submission.objects.filter(token=token, user=user).values_list("result_url", flat=True).first()
        raise AlreadySent(first or "") from None
    Submission.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()


def record_result(token: uuid.UUID, url: str) -> None:
    Submission.objects.filter(token=token).update(result_url=url[:500])
