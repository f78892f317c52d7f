"""Settings come from the environment and a bad value stops the process at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import check_redis_url, env_bool, env_int, env_list, parse_database_url

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "e" * 20 + "y-0123456789"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


def test_env_bool_rejects_a_typo(monkeypatch):
    monkeypatch.setenv("DEBUG", "flase")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_unset_or_blank_values_take_the_default(monkeypatch):
    monkeypatch.setenv("EMPTY", "  ")
    monkeypatch.delenv("MISSING", raising=False)
    assert env_bool("EMPTY", True) is True
    assert env_int("MISSING", 7) == 7
    assert env_list("EMPTY", ["a"]) == ["a"]


def test_env_int_rejects_words_and_out_of_range_numbers(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("PORT", 1)
    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="at most 65535"):
        env_int("PORT", 1, minimum=1, maximum=65535)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "gkw.example.edu.cn, localhost,")
    assert env_list("ALLOWED_HOSTS", []) == ["gkw.example.edu.cn", "localhost"]


def test_database_url_for_postgresql():
    db = parse_database_url("postgres://gkw:p%40ss@db.internal:5433/gkw_portal")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "gkw_portal",
        "gkw",
        "p@ss",
        "db.internal",
        "5433",
    )


def test_database_url_for_sqlite_relative_and_absolute():
    assert parse_database_url("sqlite:///var/db.sqlite3")["NAME"] == "var/db.sqlite3"
    assert parse_database_url("sqlite:////srv/gkw/db.sqlite3")["NAME"] == "/srv/gkw/db.sqlite3"


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "postgres://host:port/db", "postgres://host/", "sqlite://", "nonsense"]
)
def test_database_url_rejects_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url)


def test_redis_url_must_be_a_redis_address(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        check_redis_url("REDIS_URL")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert check_redis_url("REDIS_URL") == "redis://127.0.0.1:6379/0"


def run_python(code, env):
    """Run code in a fresh interpreter with exactly this environment, as a process start-up would."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def load_settings(module, **env):
    clean = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    code = f"import {module} as s; print(s.DEBUG, s.SECRET_KEY[:4], s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ)"
    return run_python(code, {**clean, **env})


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in [None, "short", "dev-only-insecure-key-never-use-in-production-xxxxxxxxxxxxxx"]:
        env = {"ALLOWED_HOSTS": "gkw.example.edu.cn"}
        if key:
            env["SECRET_KEY"] = key
        result = load_settings("gkw_portal.settings.prod", **env)
        assert result.returncode != 0 and "SECRET_KEY" in result.stderr, key


def test_production_refuses_debug_and_missing_hosts():
    result = load_settings("gkw_portal.settings.prod", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="x", DEBUG="true")
    assert result.returncode != 0 and "DEBUG" in result.stderr
    result = load_settings("gkw_portal.settings.prod", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_complete_environment():
    result = load_settings("gkw_portal.settings.prod", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="gkw.example.edu.cn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "kkkk", "zh-hans", "Asia/Shanghai", "True"]


def test_a_bad_database_url_stops_development_settings_too():
    result = load_settings("gkw_portal.settings.dev", DATABASE_URL="mysql://nowhere/db")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_without_redis_tasks_run_in_process_and_the_cache_is_local():
    code = (
        "import gkw_portal.settings.dev as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1], s.CELERY_BROKER_URL)"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    assert run_python(code, env).stdout.split() == ["True", "LocMemCache", "memory://"]
    env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
    assert run_python(code, env).stdout.split() == ["False", "RedisCache", "redis://127.0.0.1:6379/3"]


def test_only_tests_reroute_outbound_requests():
    """settings.OUTBOUND_TEST_HOSTS sends the outbound client's requests for a host to 127.0.0.1 (core.outbound):
    no settings module defines it, and nothing outside the tests names it but the client that reads it."""
    named = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.glob("*/**/*.py")
        if path.parts[len(ROOT.parts)] not in {"tests", ".venv", "node_modules"}
        and "OUTBOUND_TEST_HOSTS" in path.read_text(encoding="utf-8")
    ]
    assert named == ["core/outbound.py"]
