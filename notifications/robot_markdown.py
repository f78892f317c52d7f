"""The chat-group robots' markdown: a message people read as written, within each robot's size limit.

Neither robot's markdown subset documents backslash escapes (people see the backslashes), so user text is made
inert another way: the few ASCII characters that start markup in either subset become their full-width forms,
which both render as plain characters and people read the same ("［" for "[", "＊" for "*"):

- "[" "]"  → "［" "］"   no link or image ([…](…), ![…](…)) can form;
- "*" "`"  → "＊" "｀"   no bold, italic, list item or code;
- "<" ">"  → "＜" "＞"   no WeCom <font> or <@userid> mention, no quote;
- "\\"      → "＼"        a renderer that does read backslash escapes cannot hide what people typed;
- "#", "-", "+", "=" first on a line → "＃", "－", "＋", "＝"   no heading, list, rule or setext heading;
- "://" and "www." → "：//" and "www．"   a bare address stays readable but is not made a link.

Leading spaces and tabs are dropped (four of them would start a code block). The portal's own link to the full
page is the only link in a message, and its last line: `fit` shortens what comes before it, so it always survives.

Size limits, from each platform's own documents:

- 企业微信 group robot: markdown.content "最长不超过4096个字节，必须是utf8编码" (errcode 40058 beyond it),
  https://developer.work.weixin.qq.com/document/path/91770 (群机器人配置说明, the markdown message type).
- 钉钉 custom robot: its message-type pages (https://open.dingtalk.com/document/orgapp/custom-robots-send-group-
  messages) name no size for a markdown text; the API itself answers errcode 460101 "message too long, exceed
  20000 bytes" / "body 大小不合法;solution:请保持大小在 20000bytes 以内" for a larger request body, as reported in
  https://github.com/timonwong/prometheus-webhook-dingtalk/issues/30 and
  https://github.com/feiyu563/PrometheusAlert/issues/318. So the whole JSON body is kept within 20,000 bytes less a
  margin of 1,000 for the signature query the body does not hold and any other overhead the robot counts.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

from .emails import absolute

WECOM_CONTENT_BYTES = 4096
DINGTALK_BODY_BYTES = 20000 - 1000
ELLIPSIS = "…"

_EVERYWHERE = str.maketrans({"[": "［", "]": "］", "*": "＊", "`": "｀", "<": "＜", ">": "＞", "\\": "＼"})
_LINE_START = re.compile(r"^[ \t]*([#\-+=]?)", re.M)
_FULL_WIDTH = {"#": "＃", "-": "－", "+": "＋", "=": "＝"}
_ADDRESS_STARTS = re.compile(r"://|(?i:\bwww)\.")
# The portal's own link, as `group_markdown` writes it: the message's last paragraph.
_OWN_LINK = re.compile(r"\n\n\[[^\n]*\]\([^\s)]*\)\Z")
# Left at the end of a shortened text they would join nothing: a zero-width joiner, variation selectors.
_DANGLING = "\u200d\ufe0e\ufe0f"


def inert(text: str) -> str:
    """User text that both robots show literally: it can form no link, heading, list, quote, emphasis or code."""
    text = _LINE_START.sub(lambda m: _FULL_WIDTH.get(m[1], m[1]), text.translate(_EVERYWHERE))
    return _ADDRESS_STARTS.sub(lambda m: "：//" if m[0] == "://" else m[0][:-1] + "．", text)


def group_markdown(title: str, body: str, link: str) -> str:
    """The message as both robots' markdown: the title in bold, the text, the link to the page last."""
    lines = [f"**{inert(title)}**"]
    if body:
        lines += ["", inert(body)]
    if link:
        open_it = _("Open it in the portal")  # outside the f-string, where makemessages reads it
        lines += ["", f"[{open_it}]({absolute(link)})"]
    return "\n".join(lines)


def _size(character: str, json_escaped: bool) -> int:
    if json_escaped:
        return len(json.dumps(character, ensure_ascii=False).encode()) - 2
    return len(character.encode())


def fit(text: str, limit: int, *, json_escaped: bool = False) -> str:
    """`text` within `limit` bytes of UTF-8 (measured inside a JSON string when `json_escaped`): unchanged when it
    fits, else cut at a character boundary with "…", keeping the portal's link at the end."""
    if sum(_size(c, json_escaped) for c in text) <= limit:
        return text
    own_link = _OWN_LINK.search(text)
    head, tail = (text[: own_link.start()], own_link[0]) if own_link else (text, "")
    budget = limit - sum(_size(c, json_escaped) for c in ELLIPSIS + tail)
    if budget < 0:  # never with the portal's messages: a link longer than the limit
        head, tail, budget = text, "", limit - _size(ELLIPSIS, json_escaped)
    kept, used = 0, 0
    for character in head:
        used += _size(character, json_escaped)
        if used > budget:
            break
        kept += 1
    return head[:kept].rstrip().rstrip(_DANGLING).rstrip() + ELLIPSIS + tail
