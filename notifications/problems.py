"""What went wrong with a message or a background task, said to people: what happened and what to do, in their
language. The code's own words (the exception's class and text) are the technical detail: they go to the log and
to a separate field that only administrators see, behind a "details" disclosure on 后台任务."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.outbound import OutboundError, redact


def technical(error: BaseException) -> str:
    """The exception in the code's own words, for the log and the administrators' details: redacted, since an
    address with its key or signature must never be stored or logged (core.outbound)."""
    return redact(f"{type(error).__name__}: {error}")[:4000]


def _webhook(error: OutboundError) -> str:
    if error.reason == "unreachable":
        return _(
            "The group robot's server could not be reached (the network or the name lookup failed). The portal "
            "tries again by itself; if this keeps happening, ask the administrator whether the server can reach "
            "the internet."
        )
    if error.reason == "address":
        return _(
            "The robot's address is not one the portal may post to. Enter the address again on the group robots page."
        )
    if error.reason == "redirect":
        return _(
            "The robot's server sent the message to another address, which the portal never follows. Check the "
            "robot's address on the group robots page."
        )
    if error.reason == "secret":
        return _("The robot's address can no longer be read. Enter the address again on the group robots page.")
    if error.reason == "rate_limited":
        return _("The group received too many messages at once. The portal tries again by itself a little later.")
    if error.reason == "answer":
        return _("The robot's server gave an answer the portal does not understand. The portal tries again later.")
    if error.reason == "http":
        if error.transient:
            return _("The robot's server is having trouble right now. The portal tries again by itself later.")
        return _(
            "The robot's server refused the message. Check the robot's address on the group robots page, or "
            "whether the robot was removed from the group."
        )
    return _(
        "The robot refused the message. Check its address and signing secret on the group robots page, or "
        "whether it was removed from the group, then send the failed messages again."
    )


def _email(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return _("The mail server refused the recipient's address. Check the address, then send it again.")
    if isinstance(error, smtplib.SMTPSenderRefused):
        return _("The mail server refused the portal's sender address. Ask the administrator to check it.")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("The mail server refused the portal's login. Ask the administrator to check the mail settings.")
    if isinstance(error, smtplib.SMTPException | OSError):
        return _(
            "The mail server could not be reached or refused the connection. The portal tries again by itself; "
            "if this keeps happening, ask the administrator to check the mail server settings."
        )
    return _("The e-mail could not be sent. The reason is in the server's log; please tell the administrator.")


def explain(error: BaseException) -> str:
    """What a person reads about a failed e-mail or group message: what went wrong and what to do. Written when
    the worker gives up on a try, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, OutboundError):
            return _webhook(error)
        return _email(error)


def worker_stopped(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "The worker that sent it stopped during each of %(attempts)s attempts. Send the failed messages "
            "again; if it happens again, tell the administrator."
        ) % {"attempts": attempts}
