"""Real moving parts for the integration tests: a private Redis, Celery workers as separate processes, and a
small SMTP server that counts what it receives (and can be made to hang, to catch a worker mid-send)."""

import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=30.0, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answers, 10, what="redis to start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed: the real-broker tests need it (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


class Smtp(socketserver.ThreadingTCPServer):
    """Just enough SMTP to receive mail from Django; counts messages; `hang` holds new sessions before the banner."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages = []
        self.hang = threading.Event()
        super().__init__(("127.0.0.1", 0), SmtpSession)

    @property
    def port(self):
        return self.server_address[1]


class SmtpSession(socketserver.StreamRequestHandler):
    def handle(self):
        while self.server.hang.is_set():
            time.sleep(0.1)
        self.wfile.write(b"220 test ESMTP\r\n")
        data, in_data = [], False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace")
            if in_data:
                if line in (".\r\n", ".\n"):
                    self.server.messages.append("".join(data))
                    data, in_data = [], False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            command = line[:4].upper()
            if command == "EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif command == "DATA":
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif command == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = Smtp()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.hang.clear()
    server.shutdown()


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


class Workers:
    def __init__(self, redis_server, smtp_server, tmp_path):
        self.redis, self.smtp, self.tmp_path = redis_server, smtp_server, tmp_path
        self.processes = []

    def start(self, concurrency=1, hold_file=None):
        """A worker process; with `hold_file`, one that holds every build it claims while that file exists
        (tests/integration/holding_worker.py)."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.dev",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "false",
            "GKW_STALE_CLAIM_SECONDS": "3",
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "MEDIA_ROOT": str(self.tmp_path / "media"),
        }
        if hold_file is not None:
            env["GKW_TEST_HOLD_FILE"] = str(hold_file)
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115 -- closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.integration.holding_worker" if hold_file is not None else "gkw_portal",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test{len(self.processes)}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        log_path = Path(log.name)

        def ready():
            if process.poll() is not None:
                raise AssertionError(f"the worker exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            return "ready." in log_path.read_text(errors="replace")

        wait_for(ready, 60, what="the worker to be ready")
        return process

    def kill(self, process):
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def workers(redis_server, smtp_server, tmp_path, settings):
    """Workers in their own processes, and this test process sending to the same private Redis."""
    from gkw_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_transport_options")}
    app.conf.update(
        task_always_eager=False,
        broker_url=redis_server.url,
        broker_transport_options={"visibility_timeout": 4, "max_retries": 0},
    )
    reset_connections(app)
    pool = Workers(redis_server, smtp_server, tmp_path)
    yield pool
    pool.stop_all()
    app.conf.update(previous)
    reset_connections(app)


def reset_connections(app):
    """Drop the app's broker connections so that the next send uses the broker configured now."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
