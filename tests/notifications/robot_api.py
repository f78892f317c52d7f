"""A local server that imitates both robots' APIs, as their documents describe them, independently of the portal's
code: 企业微信's key and its 4,096-byte markdown limit (errcode 40058), 钉钉's access token, its 加签 signature
checked from the secret (310000), its 20,000-byte body limit (460101) and its rate limit (130101).

The portal reaches it through settings.OUTBOUND_TEST_HOSTS: the robots' real addresses are saved and checked, and
only the connection goes to 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WECOM = "qyapi.weixin.qq.com"
DINGTALK = "oapi.dingtalk.com"
WECOM_MARKDOWN_BYTES = 4096
DINGTALK_BODY_BYTES = 20000


def wecom_url(key: str) -> str:
    return f"https://{WECOM}/cgi-bin/webhook/send?key={key}"


def dingtalk_url(token: str) -> str:
    return f"https://{DINGTALK}/robot/send?access_token={token}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query)
        api = self.server.api
        received = {"path": parts.path, "query": query, "raw": raw, "body": _json(raw)}
        with api.lock:
            api.received.append(received)
            scripted = api.script.pop(0) if api.script else None
        if scripted is not None:
            status, answer, headers = scripted
        elif parts.path == "/cgi-bin/webhook/send":
            status, answer, headers = 200, api.wecom(query, received["body"]), {}
        elif parts.path == "/robot/send":
            status, answer, headers = 200, api.dingtalk(query, raw, received["body"]), {}
        else:
            status, answer, headers = 404, {"errcode": 404, "errmsg": "not found"}, {}
        received["answer"] = answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return None


class RobotAPI:
    """Both robots on one port. `wecom_keys` and `dingtalk_tokens` ({token: secret or ""}) are the robots that
    exist; `script` holds answers (status, JSON, headers) given before the rules, one per request;
    `rate_limit_next` makes the next DingTalk message answer 130101."""

    def __init__(self):
        self.received: list[dict] = []
        self.script: list[tuple[int, dict, dict]] = []
        self.wecom_keys: set[str] = set()
        self.dingtalk_tokens: dict[str, str] = {}
        self.rate_limit_next = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.api = self
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def accepted(self) -> list[dict]:
        return [r for r in self.received if r.get("answer", {}).get("errcode") == 0]

    def wecom(self, query, body) -> dict:
        if query.get("key", [""])[0] not in self.wecom_keys:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}
        if not isinstance(body, dict) or body.get("msgtype") != "markdown":
            return {"errcode": 40008, "errmsg": "invalid message type"}
        content = body.get("markdown", {}).get("content", "")
        if len(content.encode("utf-8")) > WECOM_MARKDOWN_BYTES:
            return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096. invalid Request Parameter"}
        return {"errcode": 0, "errmsg": "ok"}

    def dingtalk(self, query, raw: bytes, body) -> dict:
        token = query.get("access_token", [""])[0]
        if token not in self.dingtalk_tokens:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        secret = self.dingtalk_tokens[token]
        if secret:
            timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(sign, base64.b64encode(digest).decode()):
                return {"errcode": 310000, "errmsg": "sign not match"}
        if len(raw) > DINGTALK_BODY_BYTES:
            return {"errcode": 460101, "errmsg": "message too long, exceed 20000 bytes"}
        markdown = body.get("markdown", {}) if isinstance(body, dict) else {}
        if not isinstance(body, dict) or body.get("msgtype") != "markdown":
            return {"errcode": 40035, "errmsg": "缺少参数 msgtype"}
        if not markdown.get("title") or not markdown.get("text"):
            return {"errcode": 40035, "errmsg": "缺少参数 markdown"}
        if self.rate_limit_next:
            self.rate_limit_next -= 1
            return {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
        return {"errcode": 0, "errmsg": "ok"}


def start_robot_api(settings) -> RobotAPI:
    """The imitation, started, with the portal's connections to both robots' hosts sent to it."""
    api = RobotAPI().__enter__()
    settings.OUTBOUND_TEST_HOSTS = {WECOM: api.port, DINGTALK: api.port}
    return api
