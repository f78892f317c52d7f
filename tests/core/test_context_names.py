"""No page's own context takes a name the context processors give every template.

base.html draws `messages` as the flash messages, the navigation reads `access`, `can`, the review and unread
counts and the switcher's choices: a view that passes its own `messages` (a conversation's, say) has base.html
draw each of its rows as a flash message above the page — the 谈心屋's thread did, as "1 2022-10-08 12:15". The
walk reads every module's `get_context_data` keywords, the dictionaries handed to `render` and `render_to_string`
or bound to a variable named `context`, and the names every context processor of the settings returns for a
signed-in person."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
RENDERERS = {"render", "render_to_string", "TemplateResponse", "get_context_data"}
# Passed on purpose with the processor's own value (the public site draws the person's login link from it).
SAME_VALUE = {"user", "request"}
# A dictionary literal bound to one of these names is a template's context too (`context = {...}; render(...)`).
CONTEXT_VARIABLES = {"context", "ctx"}


def processor_names(user) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    request._messages = []
    names = set()
    for path in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]:
        names |= set(import_string(path)(request))
    return names


def context_names(tree: ast.AST):
    """(line, name) of each keyword and literal key given to a renderer or a get_context_data."""
    for node in ast.walk(tree):
        bound = isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
        if bound and any(getattr(target, "id", "") in CONTEXT_VARIABLES for target in node.targets):
            yield from _keys(node.value, node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if func not in RENDERERS:
            continue
        for keyword in node.keywords:
            if keyword.arg:
                yield node.lineno, keyword.arg
        for argument in node.args:
            if isinstance(argument, ast.Dict):
                yield from _keys(argument, node.lineno)


def _keys(literal: ast.Dict, line: int):
    for key in literal.keys:
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield line, key.value


@pytest.mark.django_db
def test_no_view_passes_a_name_the_context_processors_give(users):
    reserved = processor_names(users["staff"]) - SAME_VALUE
    assert {"messages", "access", "can"} <= reserved  # the walk knows what it guards
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", ".venv", "node_modules"} or "migrations" in parts:
            continue
        for line, name in context_names(ast.parse(path.read_text(encoding="utf-8"))):
            if name in reserved:
                found.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert found == []
