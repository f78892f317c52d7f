"""The Celery application. Without REDIS_URL, settings make every task run in-process (see settings/base.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gkw_portal.settings.dev")

app = Celery("gkw_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
