"""The score of `make mutation` per module: killed mutants over the mutants that are not equivalent.

Reads `mutmut results --all true`, leaves out the equivalent mutants listed in tools/mutation_equivalents.txt
(each with the reason it cannot be killed), prints a table and every other survivor's diff, and exits 1 when a
module scores below the target.
"""

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

TARGET = 95.0
ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
MUTMUT = [sys.executable, "-m", "mutmut"]
LINE = re.compile(r"^\s*(?P<name>[\w.]+): (?P<status>.+)$")


def equivalents() -> set[str]:
    names = set()
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.add(name)
    return names


def module_of(mutant: str) -> str:
    # scoring.rules.x_share__mutmut_3 -> scoring.rules; a method's mutant names its class: xǁClassǁmethod__mutmut_1
    return mutant.split(".x", 1)[0]


def main() -> int:
    output = subprocess.run([*MUTMUT, "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    skip = equivalents()
    totals, killed, survivors = defaultdict(int), defaultdict(int), defaultdict(list)
    for line in output.splitlines():
        found = LINE.match(line)
        if not found or found["name"] in skip:
            continue
        module, status = module_of(found["name"]), found["status"].strip()
        totals[module] += 1
        if status in {"killed", "timeout"}:
            killed[module] += 1
        else:
            survivors[module].append((found["name"], status))
    failing = []
    print(f"{'module':40} {'mutants':>8} {'killed':>8} {'score':>8}")
    for module in sorted(totals):
        score = 100.0 * killed[module] / totals[module]
        print(f"{module:40} {totals[module]:8} {killed[module]:8} {score:7.1f}%")
        if score < TARGET:
            failing.append(module)
    print(f"(equivalent mutants left out: {len(skip)}, listed with their reasons in {EQUIVALENTS.relative_to(ROOT)})")
    for module in sorted(survivors):
        for name, status in survivors[module]:
            print(f"\n--- {name}: {status}")
            show = subprocess.run([*MUTMUT, "show", name], capture_output=True, text=True).stdout
            print("\n".join(line for line in show.splitlines() if line[:1] in "+-" and line[:3] not in {"+++", "---"}))
    if failing:
        print(f"\nBelow {TARGET:.0f} %: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
