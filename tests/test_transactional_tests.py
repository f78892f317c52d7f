"""Every test that commits (`django_db(transaction=True)`) also asks for `serialized_rollback=True`.

A transactional test empties every table when it ends; without serialized_rollback that flush runs the post-migrate
signals, which make the content types and permissions again, and the next transactional test that restores the
serialized database then inserts them a second time (UNIQUE constraint failed: django_content_type …) — an error
that shows only in some orders of the suite. With it, the flush leaves the rows the data migrations made to the
restore."""

import re
from pathlib import Path

TESTS = Path(__file__).parent
MARK = re.compile(r"django_db\(([^)]*)\)")


def test_every_transactional_test_restores_the_database_it_found():
    missing = []
    for path in sorted(set(TESTS.rglob("*.py")) - {Path(__file__)}):
        for match in MARK.finditer(path.read_text(encoding="utf-8")):
            arguments = match.group(1)
            if "transaction=True" in arguments and "serialized_rollback=True" not in arguments:
                missing.append(f"{path.relative_to(TESTS)}: {match.group(0)}")
    assert missing == []
