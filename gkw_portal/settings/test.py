"""pytest settings: the development settings made fast and deterministic."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 -- used by the test suite only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process keeps its own cache even when REDIS_URL points at a shared server.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# In tests an in-process task runs inside the request, so that its outcome can be asserted right after.
GKW_EAGER_TASKS_IN_BACKGROUND = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Throttling needs the request at every authenticate(); tests that exercise it switch it on themselves.
AXES_ENABLED = False

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than shared memory, so that tests with real threads see real locking (and wait for it).
    # One file per run, so that two runs at once (an editor's and a terminal's) do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
