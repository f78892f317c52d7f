"""The UI speaks Simplified Chinese: every message is translated and the compiled catalogue matches it."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
# The project's catalogue and each app's own (an app may keep its messages in <app>/locale).
CONTEXT_SEPARATOR = "\x04"
CATALOGUES = [CATALOGUE / "django.po"] + sorted(BASE_DIR.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def read_po(path):
    """(msgid, msgstr, flags) for each entry of a .po file; enough of the format for our own catalogue.

    An entry with a context reads as its context and msgid joined by CONTEXT_SEPARATOR, the key gettext files it
    under."""
    entries, current, field, flags, context = [], None, None, set(), None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("msgctxt "):
            context = _unquote(line[8:])
        elif line.startswith("msgid "):
            current, field = {"msgid": "", "msgstr": ""}, "msgid"
            current["msgid"] = (f"{context}{CONTEXT_SEPARATOR}" if context is not None else "") + _unquote(line[6:])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"] += _unquote(line.split(" ", 1)[1])
        elif line.startswith('"') and current is not None:
            if field in ("msgid", "msgstr"):
                current[field] += _unquote(line)
        elif not line.strip() and current is not None:
            entries.append((current["msgid"], current["msgstr"], flags))
            current, flags, context = None, set(), None
    return [entry for entry in entries if entry[0]]


def _unquote(text):
    # PO strings use C escapes (\n, \", \\), which a Python string literal reads the same way.
    return ast.literal_eval(text.strip())


def test_every_message_has_a_chinese_translation():
    entries = [entry for catalogue in CATALOGUES for entry in read_po(catalogue)]
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, flags in entries if not msgstr or "fuzzy" in flags]
    assert untranslated == []
    assert all(re.search(r"[\u4e00-\u9fff]", msgstr) for msgid, msgstr, _ in entries if msgstr != msgid)


def test_the_compiled_catalogues_are_up_to_date():
    stale = []
    for catalogue in CATALOGUES:
        with catalogue.with_suffix(".mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        stale += [msgid for msgid, msgstr, _ in read_po(catalogue) if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages`"


def test_a_message_means_one_thing_in_every_catalogue():
    """Django merges the catalogues, the project's first, then the apps' in INSTALLED_APPS order: a msgid that two
    catalogues translate differently shows one app's words on the other's pages ("Minutes" as 分钟 on a meeting).
    Give such a message its own msgid in one app."""
    translations = {}
    for catalogue in CATALOGUES:
        for msgid, msgstr, _ in read_po(catalogue):
            translations.setdefault(msgid, set()).add(msgstr)
    assert {msgid: found for msgid, found in translations.items() if len(found) > 1} == {}
