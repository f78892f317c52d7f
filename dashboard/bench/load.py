"""Requests per second under gunicorn: the portal served by real worker processes on loopback.

The in-process timings say what one request costs; this says how many the production stack answers per second.
It starts `gunicorn gkw_portal.wsgi` with the production settings (so static files are collected first: they
need the manifest), logs a few client threads in with a session made for the user, drives each URL for a fixed
time, and always stops gunicorn afterwards. Client and server share the machine's cores, so the figures compare
with each other, not with a server's capacity.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.core.management.base import CommandError

from .database import BASE_DIR, GUNICORN_LOG, bench_files

RPS_THREADS = 4
GUNICORN_WORKERS = 2
WARM_UPS = 3  # requests per worker before a URL is driven


def requests_per_second(user, year: int, seconds: float, write) -> None:
    """/healthz/ and the dashboard under gunicorn on loopback, driven by a few client threads."""
    collect_static()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    # The first backend that can load the user back, as a real log-in would record (axes' backend cannot).
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if getattr(load_backend(path), "get_user", lambda _pk: None)(user.pk) is not None
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    port = free_port()
    log = bench_files() / GUNICORN_LOG
    write(
        f"gunicorn: {GUNICORN_WORKERS} sync workers on 127.0.0.1:{port}, {RPS_THREADS} client threads, "
        f"{seconds:g} s per URL (client and server share the machine's cores)"
    )
    with open(log, "wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 -- our own interpreter running gunicorn on loopback
            [
                *(sys.executable, "-m", "gunicorn", "gkw_portal.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(GUNICORN_WORKERS), "--chdir", str(BASE_DIR)),
                *("--timeout", "60", "--log-level", "warning"),
            ],
            cwd=BASE_DIR,
            env=gunicorn_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, log)
            check = get(port, f"/dashboard/{year}/", cookie)
            if check != 200:
                raise CommandError(f"gunicorn answered the dashboard with {check}, not 200: the session was refused.")
            write(f"{'url':<34} {'req/s':>9} {'requests':>9} {'errors':>7}")
            for url in ("/healthz/", f"/dashboard/{year}/"):
                for _ in range(WARM_UPS * GUNICORN_WORKERS):
                    get(port, url, cookie)
                done, errors, elapsed = drive(port, url, cookie, seconds)
                write(f"{url:<34} {done / elapsed:>9.1f} {done:>9} {errors:>7}")
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            store.delete()


def gunicorn_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.prod",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
    }


def collect_static() -> None:
    """The production settings need the static manifest: collected once into the bench's STATIC_ROOT, reused
    until a file under static/ changes."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max((p.stat().st_mtime for p in (BASE_DIR / "static").rglob("*") if p.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    subprocess.run(  # noqa: S603 -- our own interpreter running our own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=gunicorn_env(),
        check=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, url: str, cookie: str, timeout: float = 30) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", url, headers={"Cookie": cookie})
        response = client.getresponse()
        response.read()
        return response.status
    finally:
        client.close()


def wait_until_up(server: subprocess.Popen, port: int, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped at start-up:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if get(port, "/healthz/", "", timeout=2) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer within {seconds:g} s; see {log}.")


def drive(port: int, url: str, cookie: str, seconds: float) -> tuple[int, int, float]:
    """RPS_THREADS threads requesting `url` for `seconds`: (answered with 200, errors, elapsed seconds)."""
    counts = [[0, 0] for _ in range(RPS_THREADS)]
    deadline = time.perf_counter() + seconds

    def worker(slot: list[int]) -> None:
        # Reused while the server keeps it open; http.client reconnects when a sync worker closes it.
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline:
                try:
                    client.request("GET", url, headers={"Cookie": cookie})
                    response = client.getresponse()
                    response.read()
                    slot[0 if response.status == 200 else 1] += 1
                except (OSError, http.client.HTTPException):
                    slot[1] += 1
                    client.close()
        finally:
            client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(slot,), daemon=True) for slot in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    return sum(c[0] for c in counts), sum(c[1] for c in counts), elapsed
