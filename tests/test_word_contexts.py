"""One word, one meaning: a short message used in two places carries a context naming what it means there.

The catalogue translates a msgid once. "Open" written for a link (查看) was also the status of needs and tasks,
"to" written for a status change (新状态) was also a notice's audience and an e-mail's recipient: whichever
translation came first showed everywhere. So a message of one or two words that more than one module or template
uses without a context fails here; give each use `pgettext(context, ...)` / `{% translate "x" context "y" %}`
naming its meaning, and translate each context in the catalogue (a msgctxt entry).

The contexts in use: "field" (a record's attribute as a label or column header), "status" (a record's state),
"history" (what a history line says was done), "button" (an action), "page" (the name of a page or section),
"count" (a figure that counts things), and narrower ones where a word means more than one thing ("need status",
"task status", "notice audience", "e-mail recipient", "person name", "board comment" ...).

No word is let off: a word that truly means one thing everywhere costs only a shared context, and a context tells
the next person which meaning they reuse.
"""

import ast
import gettext
import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
# Code the portal's pages and e-mails are made of; tests and tools only quote it.
SKIPPED_DIRS = {".venv", ".git", "tests", "tools", "static", "node_modules", "var", "staticfiles", "media"}

# The translation functions, by the position of the msgid among their arguments (a context comes first). Of a
# singular and plural pair only the singular is read: gettext files the pair under it.
WITHOUT_CONTEXT = {"gettext": 0, "gettext_lazy": 0, "gettext_noop": 0, "ngettext": 0, "ngettext_lazy": 0}
WITH_CONTEXT = {"pgettext": 1, "pgettext_lazy": 1, "npgettext": 1, "npgettext_lazy": 1}


def project_files(suffixes):
    for path in sorted(BASE_DIR.rglob("*")):
        relative = path.relative_to(BASE_DIR)
        if path.suffix in suffixes and not SKIPPED_DIRS & set(relative.parts[:-1]):
            yield path


def python_messages(path):
    """(msgid, context or None) for every translation call of a module whose arguments are literals."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {}  # local name -> translation function, from `from django.utils.translation import x as y`
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names.update({alias.asname or alias.name: alias.name for alias in node.names})
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            function = names.get(node.func.id)
        elif isinstance(node.func, ast.Attribute):  # translation.gettext(...)
            function = node.func.attr
        else:
            continue
        literals = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        if function in WITHOUT_CONTEXT and literals:
            yield literals[WITHOUT_CONTEXT[function]], None
        elif function in WITH_CONTEXT and len(literals) > 1 and literals[0]:
            yield literals[WITH_CONTEXT[function]], literals[0]


STRING = r"""(?:"([^"]*)"|'([^']*)')"""
TRANSLATE_TAG = re.compile(r"{%\s*(?:translate|trans)\s+" + STRING + r"(.*?)%}", re.S)
CONTEXT_OPTION = re.compile(r"\bcontext\s+" + STRING)
BLOCK_TAG = re.compile(r"{%\s*(?:blocktranslate|blocktrans)\b(.*?)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
UNDERSCORE = re.compile(r"\b_\(\s*" + STRING + r"\s*\)")  # {{ x|default:_("none") }}: gettext, never a context
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _quoted(found, group=1):
    return found.group(group) if found.group(group) is not None else found.group(group + 1)


def _context(options):
    found = CONTEXT_OPTION.search(options)
    return _quoted(found) if found else None


def template_messages(path):
    text = path.read_text(encoding="utf-8")
    for found in TRANSLATE_TAG.finditer(text):
        yield _quoted(found), _context(found.group(3))
    for found in BLOCK_TAG.finditer(text):
        options, body = found.groups()
        singular = VARIABLE.sub(r"%(\1)s", re.split(r"{%\s*plural\s*%}", body)[0])
        yield (" ".join(singular.split()) if "trimmed" in options else singular), _context(options)
    for found in UNDERSCORE.finditer(text):
        yield _quoted(found), None


def every_message():
    """(msgid, context, file) for every message the portal's code and templates mark for translation."""
    sources = [(path, python_messages) for path in project_files({".py"})]
    sources += [(path, template_messages) for path in project_files({".html", ".txt"}) if "templates" in path.parts]
    for path, messages in sources:
        for msgid, context in messages(path):
            if isinstance(msgid, str) and msgid:
                yield msgid, context, str(path.relative_to(BASE_DIR))


def is_short(msgid):
    return len(msgid.split()) <= 2


def test_the_scanner_reads_each_way_the_portal_marks_a_message(tmp_path):
    """The guards below are only as good as their reading."""
    module = tmp_path / "probe.py"
    module.write_text(
        "from django.utils import translation\n"
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        "x = _('Open')\ny = pgettext('status', 'Open')\nz = translation.ngettext('%(n)s file', '%(n)s files', 2)\n",
        encoding="utf-8",
    )
    assert set(python_messages(module)) == {("%(n)s file", None), ("Open", None), ("Open", "status")}
    template = tmp_path / "probe.html"
    template.write_text(
        '{% translate "Open" %}{% trans \'to\' context "recipient" %}{% blocktranslate trimmed with n=x %}\n'
        '  {{ n }} left {% endblocktranslate %}{{ x|default:_("None") }}',
        encoding="utf-8",
    )
    assert list(template_messages(template)) == [
        ("Open", None),
        ("to", "recipient"),
        ("%(n)s left", None),
        ("None", None),
    ]


def test_a_short_message_used_in_two_places_names_its_meaning():
    places = defaultdict(set)
    for msgid, context, path in every_message():
        if context is None and is_short(msgid):
            places[msgid].add(path)
    shared = {msgid: sorted(paths) for msgid, paths in places.items() if len(paths) > 1}
    listing = "\n".join(f"  {msgid!r}: {', '.join(paths)}" for msgid, paths in sorted(shared.items()))
    assert shared == {}, f"give each use a context (pgettext / translate ... context):\n{listing}"


def test_a_word_with_a_context_has_one_wherever_it_is_used():
    """Once a word is known to mean several things, a new use without a context would pick up none of them."""
    with_context = {msgid for msgid, context, _ in every_message() if context is not None}
    bare = sorted(
        {(msgid, path) for msgid, context, path in every_message() if context is None and msgid in with_context}
    )
    assert bare == []


def test_every_marked_message_and_context_is_in_the_catalogue():
    """A context the catalogue lacks shows the English word, so each use must find its entry."""
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    missing = set()
    for msgid, context, path in every_message():
        key = f"{context}\x04{msgid}" if context is not None else msgid  # gettext's own key for a context
        if key not in catalogue and (key, 0) not in catalogue:  # (key, 0): the singular of a plural pair
            missing.add((context, msgid, path))
    assert sorted(missing, key=str) == []
