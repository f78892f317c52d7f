"""The one outbound client (core.outbound): an address is checked after parsing and normalising, a redirect is never
followed, every failure is said without the address, and a slow server cannot hold a worker."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.outbound import AddressRefused, OutboundError, checked_address, post_json, redact

ALLOWED = {"qyapi.weixin.qq.com", "oapi.dingtalk.com"}
GOOD = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7f9c-4bc4-97a0-0ec2sifa5aaa"

# Addresses an attacker (or a careless paste) may try; each must be refused before any connection. Shared with the
# robot form's test (tests/notifications/test_robot_addresses.py).
HOSTILE = {
    "whitespace in the query": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k k",
    "a tab in the host": "https://qyapi.weixin.qq.com\t/cgi-bin/webhook/send?key=k",
    "a line break": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\nHost: evil.example",
    "an ideographic space": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\u3000k",
    "a NUL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\x00k",
    "a backslash before @": "https://127.0.0.1:19399\\@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "a backslash in the path": "https://qyapi.weixin.qq.com\\cgi-bin/webhook/send?key=k",
    "user and password": "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "the allowed host as user": "https://qyapi.weixin.qq.com@evil.example/cgi-bin/webhook/send?key=k",
    "an encoded # before @": "https://evil.example%23@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "an encoded # after the host": "https://qyapi.weixin.qq.com%23@evil.example/cgi-bin/webhook/send?key=k",
    "a fragment before @": "https://evil.example#@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "a fragment": GOOD + "#top",
    "another port": "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k",
    "port 19399": "https://qyapi.weixin.qq.com:19399/cgi-bin/webhook/send?key=k",
    "port 0443": "https://qyapi.weixin.qq.com:0443/cgi-bin/webhook/send?key=k",
    "an empty port": "https://qyapi.weixin.qq.com:/cgi-bin/webhook/send?key=k",
    "plain http": "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "no scheme": "//qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "https: without slashes": "https:qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "three slashes": "https:///qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "javascript": "javascript:alert(1)",
    "a trailing dot": "https://qyapi.weixin.qq.com./cgi-bin/webhook/send?key=k",
    "a longer host": "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k",
    "a percent-encoded host": "https://qyapi%2eweixin.qq.com/cgi-bin/webhook/send?key=k",
    "full-width letters": "https://ｑｙａｐｉ.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "an IPv6 literal": "https://[::1]/cgi-bin/webhook/send?key=k",
    "a loopback address": "https://127.0.0.1/cgi-bin/webhook/send?key=k",
    "a dot segment": "https://qyapi.weixin.qq.com/cgi-bin/../webhook/send?key=k",
    "an encoded slash": "https://qyapi.weixin.qq.com/cgi-bin%2fwebhook/send?key=k",
    "a broken escape": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=%zz",
    "no path": "https://qyapi.weixin.qq.com?key=k",
    "right-to-left override": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\u202ek",
    "too long": GOOD + "a" * 2100,
}


@pytest.mark.parametrize("url", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_address_is_refused_before_any_connection(url, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("connected")

    monkeypatch.setattr("core.outbound._OPENER.open", no_network)
    with pytest.raises(AddressRefused) as refused:
        post_json(url, {}, allowed_hosts=ALLOWED, timeout=1)
    assert "k" not in str(refused.value).split() and "evil" not in str(refused.value)
    assert refused.value.reason == "address" and not refused.value.transient


def test_an_address_is_normalised():
    address = checked_address("HTTPS://QYAPI.weixin.qq.com:443/cgi-bin/webhook/send?key=Ab-1", ALLOWED)
    assert address.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=Ab-1"
    assert checked_address(GOOD, ALLOWED).url == GOOD


class Server(BaseHTTPRequestHandler):
    """Answers each path its own way: /ok JSON, /redirect a 302 to another host, /slow drips its answer, /secret
    is what a followed redirect would reach."""

    def do_POST(self):
        self.server.paths.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/internal-secret")
            self.end_headers()
        elif self.path.startswith("/slow"):
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path.startswith("/broken"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>")
        else:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(json.dumps({"errcode": 0}).encode())

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def local(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    server.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.OUTBOUND_TEST_HOSTS = {"qyapi.weixin.qq.com": server.server_port}
    yield server
    server.shutdown()
    server.server_close()


def test_a_good_address_gets_its_json_answer(local):
    assert post_json(GOOD.replace("/cgi-bin", "/ok"), {"a": 1}, allowed_hosts=ALLOWED, timeout=5) == {"errcode": 0}


def test_a_redirect_is_never_followed(local):
    with pytest.raises(OutboundError) as failed:
        post_json("https://qyapi.weixin.qq.com/redirect?key=k", {}, allowed_hosts=ALLOWED, timeout=5)
    assert (failed.value.reason, failed.value.status, failed.value.transient) == ("redirect", 302, False)
    assert local.paths == ["/redirect?key=k"]  # /internal-secret was never asked for
    assert "key" not in str(failed.value) and "localhost" not in str(failed.value)


def test_a_slow_answer_ends_at_the_timeout(local):
    started = time.monotonic()
    with pytest.raises(OutboundError) as failed:
        post_json("https://qyapi.weixin.qq.com/slow?key=k", {}, allowed_hosts=ALLOWED, timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert failed.value.transient and failed.value.reason == "unreachable"


def test_an_answer_that_is_not_json_is_transient(local):
    with pytest.raises(OutboundError) as failed:
        post_json("https://qyapi.weixin.qq.com/broken?key=k", {}, allowed_hosts=ALLOWED, timeout=5)
    assert failed.value.reason == "answer" and failed.value.transient


def test_without_the_test_setting_the_real_host_is_asked_over_https(settings, monkeypatch):
    seen = []

    class Opener:
        def open(self, request, timeout):
            seen.append(request.full_url)
            raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("core.outbound._OPENER", Opener())
    settings.OUTBOUND_TEST_HOSTS = {}
    with pytest.raises(OutboundError) as failed:
        post_json(GOOD, {}, allowed_hosts=ALLOWED, timeout=1)
    assert seen == [GOOD]  # the real host, over HTTPS
    assert str(failed.value) == "Not reached: ConnectionRefusedError: [Errno 111] Connection refused"


@pytest.mark.parametrize(
    "text",
    [
        "InvalidURL: URL can't contain control characters. '/robot/send?access_token=TOK EN&timestamp=1796633951374"
        "&sign=2J%2FHMYSGEzMHFCHD3vqj6Z0W4RZKJTmBlz84BQ2OOXs%3D' (found at least ' ')",
        "URLError for https://user:pw@oapi.dingtalk.com/robot/send?access_token=TOKEN&sign=SIGN failed",
        "posting to /cgi-bin/webhook/send?key=TOKEN failed",
        "secret SECTOKEN0123456789abcdef leaked",
        "errmsg: token=TOKEN, timestamp=1796633951374, sign=SIGN",
    ],
)
def test_redact_removes_addresses_and_credentials(text):
    cleaned = redact(text)
    for secret in ["TOK", "SIGN", "2J%2F", "1796633951374", "pw@", "0123456789abcdef"]:
        assert secret not in cleaned, cleaned
    assert redact("HTTP 502") == "HTTP 502"
