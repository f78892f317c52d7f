"""The Celery application. Apps send work through core.background.send_after_commit; the hook that records
a task's final failure is connected by the notifications app, which owns the record."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gkw_portal.settings.dev")

app = Celery("gkw_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
