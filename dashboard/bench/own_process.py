"""A background build measured as its worker runs it: in a fresh process, for its seconds and its peak resident
memory (RSS).

tracemalloc (the other rows' `peak MB`) sees only what Python's allocators hand out; WeasyPrint's layout also
lives in Pango, HarfBuzz and fontconfig, whose memory only the process's RSS shows — and RSS is what a worker's
memory limit kills on. A fresh process, because `ru_maxrss` only ever grows: in the measuring process it would
hide under the peak of an earlier row. The child runs `python -m dashboard.bench.own_process <build> <year>`
with the measure stage's environment (its bench database) and prints its seconds, queries and peak as JSON. The
peak is the child's VmHWM (/proc/self/status), the high-water mark of its own memory map: Linux carries the
parent's peak over into a spawned child's `ru_maxrss` (the measuring process, 300 MB after the workbook rows,
showed up as the PDF's peak)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

from django.core.management.base import CommandError

from .database import BASE_DIR

KB = 1024  # /proc/self/status counts in kB


def measure_in_own_process(build: str, year: int) -> tuple[float, int, int]:
    """(seconds of the build, its queries, the process's peak RSS in bytes)."""
    # Files, not pipes: nothing reads a pipe while the parent waits, so a chatty child would block.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter running our own module
            [sys.executable, "-m", "dashboard.bench.own_process", build, str(year)],
            cwd=BASE_DIR,
            stdout=out,
            stderr=err,
        )
        process.wait()
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise CommandError(f"The {build} build in its own process failed:\n{errors[-2000:]}")
    result = json.loads(output.strip().splitlines()[-1])
    return result["seconds"], result["queries"], result["peak_rss"]


BUILDS = {"annual-pdf": "dashboard.exports.build_pdf"}


def _child(build: str, year: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from django.utils.module_loading import import_string

    from core.scoping import school_scope
    from institutions.models import home

    translation.activate(settings.LANGUAGE_CODE)  # as the worker builds it
    call = import_string(BUILDS[build])
    # The home school's build, in its scope as its worker enters it (the school is looked up before the count).
    school = home()
    with school_scope(school), CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        call(year)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "queries": len(captured), "peak_rss": _own_peak_rss()}))  # noqa: T201


def _own_peak_rss() -> int:
    """This process's peak resident memory in bytes, since its exec (VmHWM)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * KB
    raise CommandError("/proc/self/status has no VmHWM: the worker's peak is measured on Linux only.")


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]))
