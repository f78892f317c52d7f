"""How a benchmark run proceeds: the command as typed sets up the bench database, then runs each stage in it.

The command as typed never opens the bench database through Django: it creates (or reuses) the database, then
re-invokes `manage.py bench --stage build|measure` in a subprocess whose DATABASE_URL points there, so
migrations, the data set and sessions all land in the bench database and nowhere else. Each stage runs in a
session of its own, so that when --time-limit runs out the stage and any gunicorn it started go down together.
The build stage exits with DIFFERENT_SET when the database holds a set of another size; the command then drops
it and builds afresh.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import deque

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from .database import BASE_DIR, MARKER, BenchDatabase
from .dataset import Size, build_data_set, data_set_size, describe
from .measure import measure

DIFFERENT_SET = 3  # exit status of the build stage when the bench database holds a set of another size


def orchestrate(size: Size, options, write) -> None:
    deadline = time.monotonic() + options["time_limit"]
    bench = BenchDatabase.from_options(options)
    bench.refuse_settings_database()
    secret = "bench-" + secrets.token_urlsafe(50)  # shared by the stages and gunicorn: sessions must verify
    env = bench.child_env(secret, options["redis_url"])
    write(f"bench database: {bench.label} (kept for the next run; `make bench-clean` removes it)")
    if options["rebuild"]:
        bench.drop()
    bench.create()
    common = ["--colleges", str(size.colleges), "--years", str(size.years), "--reports", str(size.reports)]
    common += ["--institutions", str(size.institutions)]
    common += ["--bench-name", bench.name]
    if run_child(["--stage", "build", *common], env, deadline, write, allow=DIFFERENT_SET) == DIFFERENT_SET:
        write("dropping it to build a fresh one")
        bench.drop()
        bench.create()
        run_child(["--stage", "build", *common], env, deadline, write)
    measuring = ["--stage", "measure", *common, "--runs", str(options["runs"])]
    measuring += ["--import-rows", str(options["import_rows"]), "--rps-seconds", str(options["rps_seconds"])]
    measuring += ["--write-cycles", str(options["write_cycles"])]
    measuring += ["--no-rps"] if options["no_rps"] else []
    run_child(measuring, env, deadline, write)


def run_child(arguments: list[str], env: dict, deadline: float, write, allow: int | None = None) -> int:
    """manage.py bench <arguments> in the bench database, its output relayed line by line."""
    command = [sys.executable, str(BASE_DIR / "manage.py"), "bench", *arguments]
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter running our own manage.py
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    timed_out = threading.Event()

    def stop():
        timed_out.set()
        stop_group(process)

    timer = threading.Timer(max(0.0, deadline - time.monotonic()), stop)
    timer.start()
    last_lines = deque(maxlen=20)
    try:
        for line in process.stdout:
            write(line.rstrip("\n"))
            last_lines.append(line)
        code = process.wait()
    finally:
        timer.cancel()
        stop_group(process)
    if timed_out.is_set():
        raise CommandError("The benchmark ran past --time-limit and was stopped.")
    if code not in (0, allow):
        raise CommandError(
            f"The bench stage {arguments[1]} failed (exit status {code}); it ended with:\n{''.join(last_lines)}"
        )
    return code


def stop_group(process: subprocess.Popen) -> None:
    """Stop a stage started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_stage(stage: str, size: Size, options, write) -> None:
    """A stage, inside the bench database the command pointed it at."""
    # The stages only ever run where the command pointed them, never in a developer's database by mistake.
    in_bench = str(settings.DATABASES["default"]["NAME"]) == options["bench_name"]
    if not in_bench or MARKER not in connection.introspection.table_names():
        raise CommandError("--stage runs only in the bench database the command itself sets up.")
    if stage == "measure":
        measure(size, options, write)
        return
    call_command("migrate", interactive=False, verbosity=0)
    found = data_set_size()
    if found == size:
        write(f"reusing the data set in the bench database ({describe(size)})")
        return
    if not found.empty:
        write(f"the bench database holds another data set ({describe(found)})")
        raise SystemExit(DIFFERENT_SET)  # the command drops the database and builds afresh
    write(f"building {describe(size)} …")
    build_data_set(size, write)
    if connection.vendor == "postgresql":
        # A live database has been analysed by autovacuum long ago; fresh bulk-loaded tables have no
        # statistics yet, and the planner would guess.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
