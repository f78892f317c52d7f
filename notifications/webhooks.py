"""Posting into a 企业微信 (WeCom) or 钉钉 (DingTalk) group through its robot.

`build_request` is pure (the message format and DingTalk's signature, tested against a local server); `post`
sends it and sorts failures into transient (try again later) and permanent (the robot refused this message).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

TIMEOUT_SECONDS = 10
# The robots' own "too many messages" answers: worth another try a minute later.
RATE_LIMITED = {45009, 130101}


class WebhookError(Exception):
    """A message the robot did not take. `reason` says why in a word notifications.problems explains to people
    (unreachable, http, refused, rate_limited, host, secret, answer); the message is the technical detail."""

    def __init__(self, message: str, *, transient: bool, reason: str = "refused", status: int | None = None):
        super().__init__(message)
        self.transient = transient
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes


def allowed_host(url: str) -> bool:
    """Only the robots' own hosts (settings.GKW_WEBHOOK_HOSTS) over HTTPS: the portal never posts elsewhere."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname is None or parts.hostname not in settings.GKW_WEBHOOK_HOSTS:
        return False
    return parts.scheme == "https" or parts.hostname in {"127.0.0.1", "localhost"}


def dingtalk_signature(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def build_request(platform: str, url: str, secret: str, title: str, text: str, now_ms: int | None = None):
    """The request that posts `text` (markdown) with its `title` to the group."""
    if platform == "dingtalk":
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        if secret:
            timestamp = now_ms if now_ms is not None else int(time.time() * 1000)
            query = urllib.parse.urlencode({"timestamp": timestamp, "sign": dingtalk_signature(secret, timestamp)})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
    else:
        # WeCom's markdown has no title field: the title leads the text in bold.
        payload = {"msgtype": "markdown", "markdown": {"content": text}}
    return WebhookRequest(url=url, body=json.dumps(payload, ensure_ascii=False).encode())


def post(request: WebhookRequest) -> None:
    if not allowed_host(request.url):
        raise WebhookError("The robot's address is not on an allowed host.", transient=False, reason="host")
    http_request = urllib.request.Request(  # noqa: S310 (an allowed host over HTTPS, checked above)
        request.url, data=request.body, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(http_request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read(65536) or b"{}")
    except urllib.error.HTTPError as error:
        raise WebhookError(
            f"HTTP {error.code}", transient=error.code >= 500 or error.code == 429, reason="http", status=error.code
        ) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise WebhookError(f"{type(error).__name__}: {error}", transient=True, reason="unreachable") from error
    except ValueError as error:
        raise WebhookError("The robot's answer was not JSON.", transient=True, reason="answer") from error
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code:
        message = str(answer.get("errmsg", ""))[:200]
        raise WebhookError(
            f"errcode {code}: {message}",
            transient=code in RATE_LIMITED,
            reason="rate_limited" if code in RATE_LIMITED else "refused",
        )
