"""The accessibility checkers the browser tests share: axe-core inside the page, the W3C HTML checker (vnu) on
saved HTML. Both are pinned; axe-core is vendored under vendor/ (for the tests only, never served to users),
vnu.jar is fetched by `make vnu` (about 32 MB, too big to commit)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parent.parent
AXE = HERE / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# WCAG 2.1 levels A and AA, the level GB/T 37668 asks for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

# Keep in step with VNU_VERSION in the Makefile.
VNU_VERSION = "26.9.27"
VNU_JAR = Path(os.environ.get("VNU_JAR") or BASE_DIR / ".cache" / "vnu-jar" / VNU_VERSION / "vnu.jar")

# Browser contexts that axe-core reads ask for reduced motion, so that no colour is caught halfway through a
# transition (Bootstrap's buttons fade to their focus colours in 0.15 s) and every run reads the same colours.
STILL = {"reduced_motion": "reduce"}

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary})),
  }));
}"""


def install_axe(context):
    """Make axe-core available in every page of a browser context, before the page's own scripts, without
    touching the page (the portal's content security policy allows no inline script, and none is needed)."""
    context.add_init_script(path=str(AXE))


def axe_violations(page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe-core finds in the page as it is now."""
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def failing(violations) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(where: str, violations) -> list[str]:
    """One readable line per failing element: where (persona, width, page), rule id, impact, element, why."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())[:240]
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}: {violation['help']}) at `{node['target']}` "
                f"{node['html']!r} — {summary}"
            )
    return lines


def vnu_available() -> tuple[bool, str]:
    if not shutil.which("java"):
        return False, "Java is not installed (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return False, f"the HTML checker is missing: run `make vnu` (expected {VNU_JAR})"
    return True, ""


def require_vnu():
    """Skip when Java or the checker is missing on a developer's machine; in CI (CI=true) that is a failure."""
    ok, why = vnu_available()
    if not ok:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the W3C HTML checker, but {why}")
        pytest.skip(why)


def vnu_errors(paths) -> dict[str, list[str]]:
    """The W3C HTML checker's errors for each file, in one Java invocation; {file name: [message, ...]}."""
    paths = [str(path) for path in paths]
    java = shutil.which("java")
    if not paths or java is None:
        return {}
    result = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        name = Path(message.get("url", "").removeprefix("file:")).name
        line = f"line {message.get('lastLine', '?')}: {message['message']} {message.get('extract', '')!r}"
        errors.setdefault(name, []).append(line)
    return errors
