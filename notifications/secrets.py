"""Encrypting the group robots' addresses and secrets at rest.

Whoever holds a robot's address can post into the group, so the database keeps it encrypted with a key derived
from SECRET_KEY: a copy of the database alone does not give it away. Rotating SECRET_KEY makes the stored
addresses unreadable; `reveal` then raises `SecretLost`, and the robot's page asks staff to enter it again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretLost(Exception):
    """The secret was encrypted under another SECRET_KEY."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"gkw-group-robots:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def conceal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def reveal(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretLost from error
