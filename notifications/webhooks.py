"""Posting into a 企业微信 (WeCom) or 钉钉 (DingTalk) group through its robot.

`robot_address` is the one check of a robot's address: the form runs it before saving, `build_request` again
before every message (an address saved before a rule existed is refused then). `build_request` is pure (the
message in the robot's format, fitted to its size limit, and DingTalk's signature); `post` sends it through the
portal's one outbound client (core.outbound) and sorts the robot's own refusals into transient (try again later)
and permanent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

from core.outbound import AddressRefused, OutboundError, checked_address, encode_json, post_json, redact

from .robot_markdown import DINGTALK_BODY_BYTES, WECOM_CONTENT_BYTES, fit

TIMEOUT_SECONDS = 10
# The robots' own "too many messages" answers: worth another try a minute later.
RATE_LIMITED = {45009, 130101}

# Each platform's robot path and the one query parameter that carries its key.
WEBHOOK_PATHS = {
    "wecom": ("/cgi-bin/webhook/send", "key"),
    "dingtalk": ("/robot/send", "access_token"),
}
# WeCom's keys are UUIDs, DingTalk's access tokens 64 hex digits: letters, digits and "-" cover both.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,200}")


class WebhookError(OutboundError):
    """A message the robot did not take. `reason` says why in a word notifications.problems explains to people
    (refused, rate_limited, secret, and core.outbound's address, redirect, http, unreachable, answer); the message
    is the technical detail, never the address."""

    def __init__(self, message: str, *, transient: bool, reason: str = "refused", status: int | None = None):
        super().__init__(message, reason=reason, transient=transient, status=status)


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    payload: dict

    @property
    def body(self) -> bytes:
        return encode_json(self.payload)


def robot_address(url: str, platform: str) -> str:
    """`url` in its normal form if it is `platform`'s robot address on an allowed host (settings.GKW_WEBHOOK_HOSTS),
    or AddressRefused."""
    address = checked_address(url, settings.GKW_WEBHOOK_HOSTS)
    path, parameter = WEBHOOK_PATHS.get(platform, ("", ""))
    name, equals, token = address.query.partition("=")
    if address.path != path or name != parameter or not equals or not _TOKEN.fullmatch(token):
        raise AddressRefused("The address is not this platform's robot address.")
    return address.url


def dingtalk_signature(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def build_request(platform: str, url: str, secret: str, title: str, text: str, now_ms: int | None = None):
    """The request that posts `text` (markdown) with its `title` to the group, shortened to the robot's limit."""
    url = robot_address(url, platform)
    if platform == "dingtalk":
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": ""}}
        payload["markdown"]["text"] = fit(text, DINGTALK_BODY_BYTES - len(encode_json(payload)), json_escaped=True)
        if secret:
            timestamp = now_ms if now_ms is not None else int(time.time() * 1000)
            query = urllib.parse.urlencode({"timestamp": timestamp, "sign": dingtalk_signature(secret, timestamp)})
            url = f"{url}&{query}"
    else:
        # WeCom's markdown has no title field: the title leads the text in bold.
        payload = {"msgtype": "markdown", "markdown": {"content": fit(text, WECOM_CONTENT_BYTES)}}
    return WebhookRequest(url=url, payload=payload)


def post(request: WebhookRequest) -> None:
    answer = post_json(request.url, request.payload, allowed_hosts=settings.GKW_WEBHOOK_HOSTS, timeout=TIMEOUT_SECONDS)
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code:
        # The robot's words may quote what it was sent (WeCom's name the portal's address): redacted.
        message = redact(str(answer.get("errmsg", "")))[:200]
        raise WebhookError(
            f"errcode {code}: {message}",
            transient=code in RATE_LIMITED,
            reason="rate_limited" if code in RATE_LIMITED else "refused",
        )
