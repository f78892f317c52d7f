"""Every count limit is checked under its parent's lock, so parallel writes queue instead of each counting the
same rows (eight parallel uploads of three files onto a meeting with 15 once left it with 24 of 20).

The guard reads every service: a function that compares a count of child rows with a limit (`….count() + len(…)`,
`check_file_count(`, `store_files(`) must lock the parent in the same function — `select_for_update`, a version
`claim(`, or a `_lock…` helper. The race test makes the parallel uploads for real (on PostgreSQL in CI).
"""

import ast
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.errors import Refused
from core.uploads import check_upload
from region import services
from region.models import MeetingFile
from tests.helpers import photo_upload
from tests.region.builders import build_reviewed_world, with_files

from ..helpers import scoped_thread

ROOT = Path(settings.BASE_DIR)
COUNTS = ("check_file_count(", "store_files(")
LOCKS = ("select_for_update", "claim(", "_lock", "check_file_count(0,")  # the last: a new row, no one else's


def counting_functions():
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", ".venv"} or "migrations" in parts:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name not in {"store_files", "check_file_count"}:
                body = ast.get_source_segment(source, node)
                if any(mark in body for mark in COUNTS) or (".count() + len(" in body):
                    yield f"{path.relative_to(ROOT)}:{node.name}", body


def test_every_count_limit_is_checked_under_its_parents_lock():
    found = dict(counting_functions())
    assert len(found) >= 8  # evidence, documents, notice and meeting and unit-report files, replies, region files
    unlocked = sorted(name for name, body in found.items() if not any(lock in body for lock in LOCKS))
    assert unlocked == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_parallel_uploads_never_pass_a_meetings_limit(users):
    world = with_files(build_reviewed_world(users["staff"]))
    meeting = world.meeting
    services.add_meeting_files(meeting, world.lead, [check_upload(photo_upload()) for _ in range(14)])
    assert meeting.files.count() == 15
    barrier, outcomes = threading.Barrier(8), []

    def upload():
        try:
            files = [check_upload(photo_upload()) for _ in range(3)]
            barrier.wait(timeout=10)
            services.add_meeting_files(meeting, world.lead, files)
            outcomes.append("stored")
        except Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [scoped_thread(upload) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("stored") == 1 and outcomes.count("refused") == 7
    assert MeetingFile.objects.filter(meeting=meeting).count() == 18
