"""The portal's one way to send a request to another server (the chat-group robots today, anything later).

An address is checked after it is parsed and normalised, not as typed: HTTPS, exactly an allowed host (no user
part, no port but 443, no percent-encoding in the host), a plain path, no fragment, and nothing a parser could read
two ways (whitespace, control characters, a backslash, characters outside printable ASCII). A redirect is never
followed — a 3xx answer is an error — so an allowed host cannot send the portal anywhere else. Every request has a
timeout, for the connection and for the whole answer.

An address often carries its credential (a robot's key or access token, DingTalk's timestamp and signature), so
no error raised here ever contains the address: its text names what went wrong in fixed words, and `redact` cleans
any text that might still hold one (old stored errors, the robots' own answers).

Tests talk to a local server through `settings.OUTBOUND_TEST_HOSTS` ({allowed host: port on 127.0.0.1}), which
only test code sets: no settings module defines it and no environment variable is read for it
(tests/test_settings.py checks), and it can only ever point at the loopback address.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

MAX_ADDRESS_LENGTH = 2048
MAX_ANSWER_BYTES = 65536

# Printable ASCII that an address may hold: RFC 3986's unreserved and sub-delimiter characters, ":", "/", "?", "="
# and "%". Left out on purpose: whitespace and control characters, "\" (browsers read it as "/", Python's parser
# does not), "@" (a user part), "#" (a fragment) and "[", "]", "<", ">", '"', "`", "{", "}", "|", "^".
_ADDRESS_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:/?%]+")
_AUTHORITY = re.compile(r"(?P<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::443)?")
_PATH = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:]*)+")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DOT_SEGMENT = re.compile(r"/\.\.?(?=/|$)")


class OutboundError(Exception):
    """A request that did not get a usable answer. `reason` is one word people's explanations are chosen by
    (address, redirect, http, unreachable, answer); `transient` says whether trying again later may help. The text
    never holds the address."""

    def __init__(self, message: str, *, reason: str, transient: bool, status: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.transient = transient
        self.status = status


class AddressRefused(OutboundError):
    """The address is not one the portal posts to; the text says which rule it breaks, never the address."""

    def __init__(self, message: str):
        super().__init__(message, reason="address", transient=False)


@dataclass(frozen=True)
class Address:
    """An address that passed `checked_address`, in its normal form."""

    host: str
    path: str
    query: str

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.target}"


def checked_address(url: str, allowed_hosts) -> Address:
    """`url` parsed and normalised (scheme and host in lower case, no ":443"), or AddressRefused."""
    if not isinstance(url, str) or not url:
        raise AddressRefused("No address.")
    if len(url) > MAX_ADDRESS_LENGTH:
        raise AddressRefused("The address is too long.")
    if not _ADDRESS_CHARACTERS.fullmatch(url):
        raise AddressRefused(
            "The address holds whitespace, a control character, a backslash, '@', '#' or a character outside "
            "printable ASCII."
        )
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() != "https":
        raise AddressRefused("The address is not https://.")
    authority, slash, after = rest.partition("/")
    if "?" in authority:
        raise AddressRefused("The address has no path.")
    match = _AUTHORITY.fullmatch(authority.lower())
    if match is None:
        raise AddressRefused("The address's host is not a plain host name with the default port.")
    host = match["host"]
    if host not in {allowed.lower() for allowed in allowed_hosts}:
        raise AddressRefused("The address's host is not one the portal may send to.")
    if not slash:
        raise AddressRefused("The address has no path.")
    path, _mark, query = ("/" + after).partition("?")
    if not _PATH.fullmatch(path) or _DOT_SEGMENT.search(path):
        raise AddressRefused("The address's path holds an encoded character or a dot segment.")
    if _BAD_ESCAPE.search(query):
        raise AddressRefused("The address's query holds a '%' that is not an escape.")
    return Address(host=host, path=path, query=query)


def encode_json(payload) -> bytes:
    """The request body `post_json` sends for `payload`: what a size limit must be measured on."""
    return json.dumps(payload, ensure_ascii=False).encode()


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer then raises HTTPError: an allowed host cannot send the portal elsewhere


# Proxies come from the environment (HTTPS_PROXY), as for any program on the server; a local test server never
# goes through one.
_OPENER = urllib.request.build_opener(_RefuseRedirects)
_LOCAL_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _RefuseRedirects)


def _route(address: Address) -> tuple[str, urllib.request.OpenerDirector]:
    local = getattr(settings, "OUTBOUND_TEST_HOSTS", None) or {}
    port = local.get(address.host)
    if port is None:
        return address.url, _OPENER
    return f"http://127.0.0.1:{int(port)}{address.target}", _LOCAL_OPENER


def _described(error: BaseException) -> str:
    """An exception in words that never hold an address: its class, and an OS error's number and text."""
    errno, strerror = getattr(error, "errno", None), getattr(error, "strerror", None)
    if isinstance(error, OSError) and errno is not None and strerror:
        return redact(f"{type(error).__name__}: [Errno {errno}] {strerror}")
    return type(error).__name__


def _read_answer(response, deadline: float) -> bytes:
    chunks, size = [], 0
    # read1 returns what has arrived, so a server that drips its answer meets the deadline too.
    while chunk := response.read1(8192):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise OutboundError("The answer is too large.", reason="answer", transient=True)
        if time.monotonic() > deadline:
            raise OutboundError("The answer took too long.", reason="unreachable", transient=True)
    return b"".join(chunks)


def post_json(url: str, payload, *, allowed_hosts, timeout: float):
    """POST `payload` as JSON to `url` (checked by `checked_address`) and return the JSON answer. Raises
    AddressRefused before any connection, OutboundError for anything else."""
    address = checked_address(url, allowed_hosts)
    target, opener = _route(address)
    request = urllib.request.Request(  # noqa: S310 (an https address on an allowed host, checked above)
        target,
        data=encode_json(payload),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    deadline = time.monotonic() + timeout
    # Each failure is raised `from None`: the exception it replaces may quote the address (http.client's
    # InvalidURL does), and a logged traceback would print it.
    try:
        with opener.open(request, timeout=timeout) as response:
            raw = _read_answer(response, deadline)
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
        if 300 <= status < 400:
            raise OutboundError(
                f"HTTP {status}: a redirect, not followed.", reason="redirect", transient=False, status=status
            ) from None
        transient = status >= 500 or status in (408, 429)
        raise OutboundError(f"HTTP {status}", reason="http", transient=transient, status=status) from None
    except urllib.error.URLError as error:
        cause = error.reason if isinstance(error.reason, BaseException) else error
        raise OutboundError(f"Not reached: {_described(cause)}", reason="unreachable", transient=True) from None
    except (OSError, http.client.HTTPException) as error:
        raise OutboundError(f"Not reached: {_described(error)}", reason="unreachable", transient=True) from None
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        raise OutboundError("The answer is not JSON.", reason="answer", transient=True) from None


# ---- Keeping credentials out of texts ------------------------------------------------------------------------

# A quoted string holding a query (how Python's exceptions quote a URL or a request line).
_QUOTED_QUERY = re.compile(r"""(['"])[^'"\n]*\?[^'"\n]*\1""")
_URL = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s?#'\"<>]*)[^\s'\"<>]*")
_CREDENTIAL = re.compile(
    r"(?i)\b(access_token|key|sign|signature|timestamp|token|secret|password|passwd)=[^&\s'\"<>]*"
)
_DINGTALK_SECRET = re.compile(r"\bSEC[0-9A-Za-z]{16,}")


def redact(text: str) -> str:
    """`text` without addresses' paths and queries, credential parameters or a DingTalk signing secret: what may
    go into a log, an error text or a stored field."""
    text = _QUOTED_QUERY.sub(lambda m: f"{m[1]}…{m[1]}", text)
    text = _URL.sub(lambda m: f"{m[1]}{m[2].rpartition('@')[2]}/…", text)
    text = _CREDENTIAL.sub(lambda m: f"{m[1]}=…", text)
    return _DINGTALK_SECRET.sub("SEC…", text)
