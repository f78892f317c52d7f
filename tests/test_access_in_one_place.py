"""Who may do what is decided in each app's access module, nowhere else.

Walks every module and template of the portal and fails on a decision made by a role's name (a comparison with
a role, `membership.role`) or by a coarse flag of `colleges.access.Access` (`sees_every_college` …) outside the
access modules: those belong behind a named predicate, declared on the view and asked by templates as
`can.<name>` (core.portal). Querying people by role (`membership__role=Role.SECRETARY`) is not a decision and
is allowed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "activities",
    "care",
    "colleges",
    "committee",
    "core",
    "dashboard",
    "notifications",
    "plans",
    "publicity",
    "region",
    "scoring",
]
COARSE_FLAGS = {"sees_every_college", "manages_everything", "is_secretary", "is_read_only", "in_school", "is_staff"}
TEMPLATE_DECISIONS = re.compile(
    r"\{%\s*(?:if|elif)\b[^%]*?(?:\brole\b\s*(?:==|!=|\bin\b|\bnot\b)|membership\.role|\.(?:"
    + "|".join(sorted(COARSE_FLAGS))
    + r")\b)[^%]*%\}"
)


def _is_access_module(path: Path) -> bool:
    return path.name == "access.py" or path.parent.name == "access"


def _sets_up_data(path: Path) -> bool:
    """Demo loaders create the accounts of each role (an administrator gets Django's admin flags): data, not a
    decision about a request."""
    return path.stem == "demo" or path.parent.name == "demo"


def _python_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or _is_access_module(path) or _sets_up_data(path):
                continue
            yield path


def _mentions_role(node: ast.AST) -> bool:
    """An expression that names a role: `x.role`, a bare `role`, or `Role.SOMETHING`."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr == "role":
            return True
        if isinstance(inner, ast.Name) and inner.id == "role":
            return True
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "Role":
            return True
    return False


def decisions_in(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_mentions_role(side) for side in [node.left, *node.comparators]):
            found.append((node.lineno, "compares a role"))
        elif isinstance(node, ast.Attribute) and node.attr in COARSE_FLAGS and isinstance(node.ctx, ast.Load):
            found.append((node.lineno, f"reads .{node.attr}"))
    return found


def test_the_walk_finds_what_it_looks_for():
    assert decisions_in("if access.role == Role.STAFF: pass") == [(1, "compares a role")]
    assert decisions_in("ok = user.membership.role in {Role.SECRETARY}") == [(1, "compares a role")]
    assert decisions_in("x = access.sees_every_college") == [(1, "reads .sees_every_college")]
    assert decisions_in("q = Membership.objects.filter(role=Role.SECRETARY)") == []
    assert TEMPLATE_DECISIONS.search('{% if access.role == "unit_contact" %}')
    assert TEMPLATE_DECISIONS.search("{% elif user.is_staff %}")
    assert not TEMPLATE_DECISIONS.search("{% if can.manage_school %}")


def test_no_python_module_decides_by_role_outside_the_access_modules():
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _python_modules()
        for line, what in decisions_in(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "Ask a named predicate of the app's access module instead:\n" + "\n".join(offences)


def test_no_template_decides_by_role():
    templates = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    offences = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in templates
        if folder.exists()
        for path in sorted(folder.rglob("*.html"))
        for match in TEMPLATE_DECISIONS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "Ask `can.<predicate>` (core.portal) instead:\n" + "\n".join(offences)
